import ConsensusEvaluation
import ConsensusGame
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
        lines.append("Model: \(model.name) (\(source))   template: \(r.template)")
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
                let text = (m == .generative || m == .mutualInformation) ? logText(value) : String(format: "%.3f", value)
                row += leftPad(text + (picks[m] == i ? " ◀" : "  "), cell)
            }
            lines.append(row)
        }
        lines.append("")
        lines.append("G: log P(answer | question, correct)   MI: G + log P(correct | question, answer)")
        lines.append("SC: initial generator π_G¹(answer | correct)   D: initial discriminator π_D¹(correct | answer)")
        lines.append("ER-G: equilibrium π_G*(answer | correct)   ER-D: equilibrium π_D*(correct | answer), the probability that the answer is correct")
        let best = r.pick(.equilibriumDiscriminator)
        lines.append("")
        lines.append(
            "Equilibrium-Ranking picks \(best + 1) \"\(oneLine(r.question.candidates[best], 60))\" (P(correct) = \(String(format: "%.3f", r.probabilityCorrect[best])));"
                + " exploitability \(String(format: "%.2e", r.solution.exploitability)) after \(r.solver.iterations) iterations (initial \(String(format: "%.2e", r.solution.initialExploitability))).")
        return lines.joined(separator: "\n")
    }

    static func json(_ r: RankingResult, model: ModelDescription) throws -> String {
        struct Output: Encodable {
            var question: RankingQuestion
            var model: ModelDescription
            var template: String
            var template_hash: String
            var candidate_score: CandidateScore
            var lm_scores: ConsensusProblem
            var initial: PolicyPair
            var final: PolicyPair
            var average: PolicyPair
            var scores: [String: [Double]]
            var ranking: [String: [Int]]
            var picks: [String: Int]
            var probability_correct: [Double]
            var exploitability: Double
            var initial_exploitability: Double
            var solver: SolverSettings
            var cost: RankingResult.Cost
        }
        let out = Output(
            question: r.question, model: model, template: r.template, template_hash: r.templateHash,
            candidate_score: r.candidateScore, lm_scores: r.problem, initial: r.solution.initial,
            final: r.solution.lastIterate, average: r.solution.averageIterate,
            scores: Dictionary(uniqueKeysWithValues: methods.map { ($0.rawValue, r.solution.scores[$0]) }),
            ranking: Dictionary(uniqueKeysWithValues: methods.map { ($0.rawValue, r.solution.scores.ranking($0)) }),
            picks: Dictionary(uniqueKeysWithValues: methods.map { ($0.rawValue, r.pick($0)) }),
            probability_correct: r.probabilityCorrect, exploitability: r.solution.exploitability,
            initial_exploitability: r.solution.initialExploitability, solver: r.solver, cost: r.cost)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(out), as: UTF8.self)
    }

    private static func logText(_ x: Double) -> String {
        x.isFinite ? String(format: "%.2f", x) : (x < 0 ? "-inf" : "inf")
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
