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
            // Time left from the requests scored when there are any (it moves inside a long
            // item), from the items otherwise (sampling).
            let requestRate = elapsed > 0 ? Double(p.scoring.requestsDone) / elapsed : 0
            let left = p.scoring.requestsTotal > 0
                ? (requestRate > 0 ? Double(p.scoring.requestsTotal - p.scoring.requestsDone) / requestRate : .nan)
                : (rate > 0 ? Double(p.scoring.total - p.scoring.done) / rate : .nan)
            let finished = p.scoring.done == p.scoring.total
            guard terminal || finished || now.timeIntervalSince(s.lastLine) >= 10 else { return nil }
            s.lastLine = now
            return Self.line(p, rate: rate, left: left)
        }
        guard let line else { return }
        FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[2K" + line : line + "\n").utf8))
    }

    /// One progress line: items, the requests scored (the progress inside a long item), rate,
    /// time left and tokens.
    static func line(_ p: BenchmarkEvaluator.Progress, rate: Double, left: Double) -> String {
        let requests = p.scoring.requestsTotal > 0 ? "\(p.scoring.requestsDone)/\(p.scoring.requestsTotal) requests, " : ""
        return "\(p.task.rawValue) \(p.stage): \(p.scoring.done)/\(p.scoring.total) items (\(p.scoring.cached) cached), \(requests)"
            + String(format: "%.2f items/s, ", rate) + "ETA \(Self.duration(left)), \(p.scoring.tokensEvaluated) tokens"
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
