import ConsensusGame
import ConsensusRanking
import ConsensusScoring
import Foundation

/// How `consensus rank` shows a ranking: a table for people, JSON for programs.
enum RankReport {
    static let methods = RankingMethod.allCases

    static func table(_ r: RankingResult, model: ModelDescription) -> String {
        var lines: [String] = []
        lines.append("Question: \(oneLine(r.question.question, 100))")
        if let context = r.question.context { lines.append("Context: \(oneLine(context, 100))") }
        let source = model.location.contains("://") ? model.location : URL(fileURLWithPath: model.location).lastPathComponent
        lines.append("Model: \(model.name) (\(source))   template: \(r.template)" + (r.formatting.kind == .chat ? "   formatting: \(r.formatting)" : ""))
        lines.append("")
        let names = r.question.candidates.enumerated().map { "\($0.offset + 1)  \(oneLine($0.element, 40))" }
        let nameWidth = max(names.map(\.count).max() ?? 0, 9)
        let cell = 11
        var header = pad("candidate", nameWidth)
        for m in methods { header += leftPad(m.rawValue, cell) }
        lines.append(header)
        lines.append(String(repeating: "─", count: header.count))
        let picks = Dictionary(uniqueKeysWithValues: methods.map { ($0, r.pick($0)) })
        for (i, name) in names.enumerated() {
            var row = pad(name, nameWidth)
            for m in methods {
                let value = r.solution.scores[m][i]
                let text = (m == .generative || m == .mutualInformation) ? logText(value) : probabilityText(value)
                row += leftPad(text + (picks[m] == i ? " ◀" : "  "), cell)
            }
            lines.append(row)
        }
        lines.append("")
        lines.append("G: log P(answer | question, correct)   MI: G + log P(correct | question, answer)   MI*: SC × D, no equilibrium search")
        lines.append("SC: initial generator π_G¹(answer | correct)   D: initial discriminator π_D¹(correct | answer)")
        lines.append("ER-G: equilibrium π_G*(answer | correct)   ER-D: equilibrium π_D*(correct | answer), the probability that the answer is correct")
        let best = r.pick(.equilibriumDiscriminator)
        lines.append("")
        let convergence = r.solution.converged.map { $0 ? ", converged" : ", NOT converged to \(String(format: "%.0e", r.solver.targetExploitability ?? 0))" } ?? ""
        lines.append(
            "Equilibrium-Ranking picks \(best + 1) \"\(oneLine(r.question.candidates[best], 60))\" (P(correct) = \(String(format: "%.3f", r.probabilityCorrect[best])));"
                + " exploitability \(String(format: "%.2e", r.solution.exploitability)) after \(r.solution.iterationsUsed) \(r.solver.solver.rawValue) iterations\(convergence) (initial \(String(format: "%.2e", r.solution.initialExploitability))).")
        for warning in r.warnings { lines.append("Warning: \(warning).") }
        if r.recommended != best {
            lines.append("Recommended: \(r.recommended + 1) \"\(oneLine(r.question.candidates[r.recommended], 60))\" (G's pick).")
        }
        return lines.joined(separator: "\n")
    }

    /// The ranking as ``RankResponse`` (the JSON `POST /v1/rank` answers), pretty-printed.
    static func json(_ r: RankingResult, model: ModelDescription) throws -> String {
        String(decoding: try WireFormat.encoder(pretty: true).encode(RankResponse(r, model: model)), as: UTF8.self)
    }

    private static func logText(_ x: Double) -> String {
        x.isFinite ? String(format: "%.2f", x) : (x < 0 ? "-inf" : "inf")
    }

    /// Three decimals; a positive value that would show as 0.000 in two significant digits
    /// (MI*, a product of two probabilities, can be that small).
    private static func probabilityText(_ x: Double) -> String {
        x > 0 && x < 0.0005 ? String(format: "%.1e", x) : String(format: "%.3f", x)
    }

    private static func oneLine(_ text: String, _ limit: Int) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count > limit ? String(flat.prefix(limit - 1)) + "…" : flat
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    private static func leftPad(_ s: String, _ width: Int) -> String {
        s.count >= width ? " " + s : String(repeating: " ", count: width - s.count) + s
    }
}
