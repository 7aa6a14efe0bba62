import ConsensusGame
import ConsensusRanking
import Foundation

/// `report.md`: the accuracy table (rows = tasks, columns = the seven methods, in percent with
/// ± standard error, and n; for open-ended tasks, the final-answer table with the baselines and
/// votes instead, or for TruthfulQA generation BLEU-Acc, ROUGE-L-Acc and BLEU diff per method),
/// then G's length-normalised accuracies, the authors' diagnostics (G against D), exploitability,
/// where ER pays, pick agreement and the settings.
public struct MarkdownReport: Sendable {
    /// What produced the numbers.
    public var configuration: EvaluationConfiguration
    /// The task results, one table row each, in order.
    public var results: [TaskResult]

    /// Creates a report of `results`.
    public init(configuration: EvaluationConfiguration, results: [TaskResult]) {
        self.configuration = configuration
        self.results = results
    }

    var sweep: Bool { Set(results.map(\.solverIndex)).count > 1 }

    /// The markdown text.
    public var text: String {
        var lines = header() + [""] + freeTextTable() + openEndedTable() + multipleChoiceTable() + variantsTable() + diagnosticsTable()
        lines += exploitabilityTable()
        lines += analysisTables() + agreementTables() + [""] + settings()
        return lines.joined(separator: "\n") + "\n"
    }

    private func header() -> [String] {
        let c = configuration
        let date = ISO8601DateFormatter().string(from: c.date)
        return [
            "# consensus eval",
            "",
            "- model: `\(c.model.name)` (SHA-256 `\(c.model.sha256)`)",
            "- consensus \(c.packageVersion), \(date); wall time \(String(format: "%.1f", c.wallTimeSeconds)) s; "
                + (c.tokensSent > 0 ? "\(c.tokensSent) tokens sent to the server, \(c.tokensEvaluated) evaluated by it as it reports" : "\(c.tokensEvaluated) tokens evaluated"),
            "- selection: \(ReportFormat.cell(c.selection)); candidate score: `\(c.candidateScore)`",
        ]
    }

    /// Multiple-choice tasks: the seven methods' accuracy (open-ended rows are in ``openEndedTable()``
    /// and ``freeTextTable()``).
    private func multipleChoiceTable() -> [String] {
        let rows = results.filter { $0.metrics.answerMethods == nil && $0.metrics.freeText == nil }
        guard !rows.isEmpty else { return [] }
        let methods = RankingMethod.allCases
        var lines = [
            "## Accuracy (%)",
            "",
            "| task | metric | n | " + methods.map(\.rawValue).joined(separator: " | ") + " |",
            "|---|---|--:|" + String(repeating: "--:|", count: methods.count),
        ]
        for result in rows {
            let m = result.metrics
            let best = m.methods.map(\.value).max()!
            let cells = m.methods.map { $0.value == best ? "**\(ReportFormat.percent($0))**" : ReportFormat.percent($0) }
            lines.append("| \(result.label(sweep: sweep)) | \(m.metric.rawValue) | \(m.count) | " + cells.joined(separator: " | ") + " |")
        }
        lines += [
            "",
            "Mean ± standard error (sample standard deviation over √n), best in bold. MI* ranks by π_G¹(y|correct) ·",
            "π_D¹(correct|y), the product of the two initial policies, with no equilibrium search (the paper's",
            "ablation; MI is G + log P(correct|y), the raw scores). `acc`: a tie between the",
            "best candidates gives split credit, 1/k when the right answer is among k tied candidates (HHH lists",
            "the preferred response first in every row, so crediting the first of tied candidates would reward",
            "position). `mc2`: the probability mass a method puts on the true answers — G: softmax of",
            "log P(y|correct) (lm-evaluation-harness `mc2`); MI: softmax of G + log P(correct|y); SC, ER-G:",
            "π_G(·|correct); D, ER-D, MI*: π_D(correct|y), or MI*'s product, normalised over the candidates.",
            "",
        ]
        return lines
    }

    /// TruthfulQA generation: every method's BLEU-Acc, ROUGE-L-Acc and BLEU difference, one
    /// row per method, baselines first.
    private func freeTextTable() -> [String] {
        let rows = results.filter { $0.metrics.freeText != nil }
        guard !rows.isEmpty else { return [] }
        var lines = ["## TruthfulQA generation: the picked answer against the references"]
        for result in rows {
            let m = result.metrics
            lines += [
                "",
                "**\(result.label(sweep: sweep))** (n = \(m.count))",
                "",
                "| method | BLEU-Acc (%) | ROUGE-L-Acc (%) | BLEU diff |",
                "|---|--:|--:|--:|",
            ]
            for method in FreeTextMethod.allCases {
                let cells = FreeTextMetric.allCases.map { metric -> String in
                    guard let e = m[method, metric] else { return "—" }
                    return metric == .bleuDifference
                        ? String(format: "%.2f", e.value) + (e.standardError.map { String(format: " ± %.2f", $0) } ?? "")
                        : ReportFormat.percent(e.value, standardError: e.standardError)
                }
                lines.append("| \(method.rawValue) | " + cells.joined(separator: " | ") + " |")
            }
        }
        lines += [
            "",
            "Each method's answer judged as lm-evaluation-harness's `truthfulqa_gen` judges it: BLEU-Acc is 1 when",
            "its best sentence BLEU against a true reference beats its best against a false one (ROUGE-L-Acc",
            "likewise, with ROUGE-Lsum); BLEU diff is the difference of the two bests. greedy: the temperature-0",
            "answer; majority: the answer most samples gave; G … ER-D: the candidate the method ranks first;",
            "ER-G vote, ER-D vote: the most equilibrium probability times multiplicity; any answer: the best",
            "candidate (the ceiling of every method but greedy). Ties give split credit.",
            "",
        ]
        return lines
    }

    /// Open-ended tasks: every method's accuracy of the final number, baselines first.
    private func openEndedTable() -> [String] {
        let rows = results.filter { $0.metrics.answerMethods != nil }
        guard !rows.isEmpty else { return [] }
        let baselines: [AnswerMethod] = [.greedy, .majority], votes: [AnswerMethod] = [.generatorVote, .discriminatorVote, .anyChain]
        let names = baselines.map(\.rawValue) + RankingMethod.allCases.map(\.rawValue) + votes.map(\.rawValue)
        var lines = [
            "## Final-answer accuracy, sampled chains (%)",
            "",
            "| task | n | " + names.joined(separator: " | ") + " |",
            "|---|--:|" + String(repeating: "--:|", count: names.count),
        ]
        for result in rows {
            let m = result.metrics
            let answer = { (a: AnswerMethod) in m[a].map { ReportFormat.percent($0.value, standardError: $0.standardError) } ?? "—" }
            let cells = baselines.map(answer) + RankingMethod.allCases.map { ReportFormat.percent(m[$0]) } + votes.map(answer)
            lines.append("| \(result.label(sweep: sweep)) | \(m.count) | " + cells.joined(separator: " | ") + " |")
        }
        lines += [
            "",
            "Each method's final number against the reference. greedy: the temperature-0 chain; majority: the most",
            "frequent number among the sampled chains; G … ER-D: the number of the chain the method ranks first;",
            "ER-G vote, ER-D vote: the number with the most equilibrium probability summed over its chains; any chain:",
            "some chain reaches the reference (the ceiling of every method but greedy). Ties give split credit; a",
            "chain without a number counts as wrong and does not vote.",
            "",
        ]
        return lines
    }

    private func variantsTable() -> [String] {
        let rows = results.filter { !$0.metrics.generativeVariants.isEmpty }
        guard !rows.isEmpty else { return [] }
        var lines = [
            "## G with length normalisation (%, lm-evaluation-harness `acc`, `acc_norm`, `acc_bytes`)",
            "",
            "| task | n | acc | acc_norm (per character) | acc_bytes (per UTF-8 byte) |",
            "|---|--:|--:|--:|--:|",
        ]
        for result in rows {
            let m = result.metrics
            let cells = [m[.generative]] + m.generativeVariants
            lines.append("| \(result.label(sweep: sweep)) | \(m.count) | " + cells.map(ReportFormat.percent).joined(separator: " | ") + " |")
        }
        return lines + [""]
    }

    private func exploitabilityTable() -> [String] {
        var lines = [
            "## Exploitability of the regularised game",
            "",
            "| task | initial mean | initial median | initial max | final mean | final median | final max |",
            "|---|--:|--:|--:|--:|--:|--:|",
        ]
        for result in results {
            let e = result.metrics.exploitability
            let cells = [e.initial.mean, e.initial.median, e.initial.maximum, e.final.mean, e.final.median, e.final.maximum]
            lines.append("| \(result.label(sweep: sweep)) | " + cells.map(ReportFormat.short).joined(separator: " | ") + " |")
        }
        return lines + [""]
    }

    private func agreementTables() -> [String] {
        let methods = RankingMethod.allCases
        var lines = ["## Agreement of picks (% of items where two methods pick the same candidate)"]
        for result in results {
            lines += [
                "",
                "**\(result.label(sweep: sweep))**",
                "",
                "| | " + methods.map(\.rawValue).joined(separator: " | ") + " |",
                "|---|" + String(repeating: "--:|", count: methods.count),
            ]
            for a in methods {
                let cells = methods.map { b in
                    methods.firstIndex(of: b)! <= methods.firstIndex(of: a)! ? "" : String(format: "%.1f", result.metrics.agreement(a, b) * 100)
                }
                lines.append("| \(a.rawValue) | " + cells.joined(separator: " | ") + " |")
            }
        }
        return lines
    }

    private func settings() -> [String] {
        let c = configuration
        var lines = [
            "## Settings",
            "",
            "| # | solver | η_G | η_D | extragradient η | λ_G | λ_D | T | target ε | π* | normalisation | trajectory every |",
            "|--:|---|--:|--:|--:|--:|--:|--:|--:|---|---|--:|",
        ]
        for (i, s) in c.solvers.enumerated() {
            lines.append("| " + Self.settingsCells(index: i, s).joined(separator: " | ") + " |")
        }
        lines += ["", "| task | template | template hash | data file | data SHA-256 |", "|---|---|---|---|---|"]
        for task in Array(Set(results.map(\.task))).sorted(by: { $0.rawValue < $1.rawValue }) {
            let t = c.templates[task.rawValue]
            let d = c.dataFiles[task.rawValue]
            let cells = [t?.name ?? "—", t.map { "`\($0.hash)`" } ?? "—", d.map { "`\($0.name)`" } ?? "—", d.map { "`\($0.sha256)`" } ?? "—"]
            lines.append("| \(task.rawValue) | " + cells.map(ReportFormat.cell).joined(separator: " | ") + " |")
        }
        lines += ["", "Prompt formatting: \(ReportFormat.cell(c.formatting.description))"]
        if let generation = c.generation {
            lines += ["", "Generation: " + generation.sorted { $0.key < $1.key }.map { "`\($0.key)` = `\(ReportFormat.cell($0.value))`" }.joined(separator: ", ")]
        }
        if !c.engine.isEmpty {
            lines += ["", "Engine: " + c.engine.sorted { $0.key < $1.key }.map { "`\($0.key)` = `\(ReportFormat.cell($0.value))`" }.joined(separator: ", ")]
        }
        return lines
    }

    /// One solver's row of the settings table: a setting the solver ignores (piKL's learning
    /// rates under extragradient, the extragradient step under piKL) shows as "—"; T is the cap
    /// when a target exploitability is set.
    static func settingsCells(index: Int, _ s: SolverSettings) -> [String] {
        let piKL = s.solver == .piKL
        return [
            "\(index)", s.solver.rawValue,
            piKL ? "\(s.etaGenerator)" : "—", piKL ? "\(s.etaDiscriminator)" : "—",
            piKL ? "—" : "\(s.extragradientStepSize)",
            "\(s.lambdaGenerator)", "\(s.lambdaDiscriminator)", "\(s.iterations)",
            s.targetExploitability.map { "\($0)" } ?? "—", s.equilibriumIterate.rawValue,
            s.normalization.rawValue, s.exploitabilityInterval.map(String.init) ?? "—",
        ]
    }
}
