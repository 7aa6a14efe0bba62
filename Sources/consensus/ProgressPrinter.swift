import ConsensusEvaluation
import Foundation
import Synchronization

/// Progress of a long run on standard error: items done, items per second and time left. On a
/// terminal one line is redrawn; otherwise a plain line is printed every ten seconds.
final class ProgressPrinter: Sendable {
    private struct State {
        var started = Date()
        var lastLine = Date.distantPast
        var task: BenchmarkTask?
        var stage = ""
        var startDone = 0
    }

    private let state = Mutex(State())
    private let terminal = isatty(2) == 1

    func update(_ p: BenchmarkEvaluator.Progress) {
        let line: String? = state.withLock { s in
            let now = Date()
            if s.task != p.task || s.stage != p.stage {
                if s.task != nil && terminal { FileHandle.standardError.write(Data("\n".utf8)) }
                s = State(started: now, task: p.task, stage: p.stage, startDone: p.scoring.done)
            }
            let fresh = p.scoring.done - s.startDone
            let elapsed = now.timeIntervalSince(s.started)
            let rate = elapsed > 0 ? Double(fresh) / elapsed : 0
            let left = rate > 0 ? Double(p.scoring.total - p.scoring.done) / rate : .nan
            let finished = p.scoring.done == p.scoring.total
            guard terminal || finished || now.timeIntervalSince(s.lastLine) >= 10 else { return nil }
            s.lastLine = now
            return "\(p.task.rawValue) \(p.stage): \(p.scoring.done)/\(p.scoring.total) items (\(p.scoring.cached) cached), "
                + String(format: "%.2f items/s, ", rate) + "ETA \(Self.duration(left)), \(p.scoring.tokensEvaluated) tokens"
        }
        guard let line else { return }
        FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[2K" + line : line + "\n").utf8))
    }

    func finish() {
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "–" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }
}
