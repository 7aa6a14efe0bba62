import ConsensusGame
import Foundation

extension MarkdownReport {
    /// The authors' two diagnostics per task (``TopAnswerDiagnostics``): how often G's and D's
    /// top answers differ, and the accuracy where SC's and D's agree.
    func diagnosticsTable() -> [String] {
        let rows = results.compactMap { result in result.metrics.diagnostics.map { (result, $0) } }
        guard !rows.isEmpty else { return [] }
        var lines = [
            "## G against D (the paper authors' diagnostics)",
            "",
            "| task | n | G ≠ D (%) | items where SC = D | accuracy where SC = D (%) |",
            "|---|--:|--:|--:|--:|",
        ]
        for (result, d) in rows {
            let disagreement = d.generatorDiscriminatorDisagreement
            let agreed = d.initialAgreementAccuracy
            let cells = [
                "\(disagreement.count)", ReportFormat.percent(disagreement.value, standardError: disagreement.standardError),
                "\(agreed?.count ?? 0)", agreed.map { ReportFormat.percent($0.value, standardError: $0.standardError) } ?? "—",
            ]
            lines.append("| \(result.label(sweep: sweep)) | " + cells.joined(separator: " | ") + " |")
        }
        lines += [
            "",
            "G ≠ D: the share of items whose top answer under G, log P(y|correct), is not D's, π_D¹(correct|y).",
            "SC = D: the items where the two initial policies π_G¹(y|correct) and π_D¹(correct|y) have the same",
            "top answer, and the accuracy of that answer there. Top answers are the candidates tied for the best",
            "score; a tie gives split credit. Mean ± standard error.",
            "",
        ]
        return lines
    }

    /// Where Equilibrium-Ranking pays (``ItemAnalysis``): each method by G's confidence and by
    /// the generator's divergence, and what the game did where G and D disagreed.
    func analysisTables() -> [String] {
        let rows = results.compactMap { result in result.metrics.analysis.map { (result, $0) } }
        guard !rows.isEmpty else { return [] }
        let methods = RankingMethod.allCases
        func bucketTable(_ title: String, _ column: String, _ buckets: (ItemAnalysis) -> [ItemAnalysis.Bucket]) -> [String] {
            var lines = [title, "", "| task | \(column) | n | " + methods.map(\.rawValue).joined(separator: " | ") + " |",
                         "|---|---|--:|" + String(repeating: "--:|", count: methods.count)]
            for (result, analysis) in rows {
                for b in buckets(analysis) {
                    let range = b.upper.map { "[\(ReportFormat.short(b.lower)), \(ReportFormat.short($0)))" } ?? "≥ \(ReportFormat.short(b.lower))"
                    let cells = methods.map { String(format: "%.1f", (b.values[$0.rawValue] ?? 0) * 100) }
                    lines.append("| \(result.label(sweep: sweep)) | \(range) | \(b.count) | " + cells.joined(separator: " | ") + " |")
                }
            }
            return lines + [""]
        }
        var lines = ["## Where Equilibrium-Ranking pays", ""]
        lines += bucketTable(
            "**By G's confidence** (%, each method's metric over the items whose margin between G's two likeliest candidates, in nats, is in the range)",
            "G margin", \.confidence)
        lines += bucketTable(
            "**By the generator's divergence** (%, over the items whose Jensen–Shannon divergence between P(y | correct) and P(y | incorrect), in nats, is in the range: near 0 the model did not follow the \"incorrect\" prompt)",
            "divergence", \.divergence)
        lines += [
            "**Where G and D disagree** (items whose picks differ before the game; of those, where ER-G and ER-D went and how often they were right)",
            "",
            "| task | items | G ≠ D | G right | D right | ER-G ≠ ER-D after | ER-G with G (right) | ER-G with D (right) | ER-G elsewhere (right) | ER-D with G (right) | ER-D with D (right) | ER-D elsewhere (right) |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for (result, analysis) in rows {
            let d = analysis.disagreement
            let sides = d.sides.flatMap { ["\($0.withG) (\($0.withGRight))", "\($0.withD) (\($0.withDRight))", "\($0.neither) (\($0.neitherRight))"] }
            lines.append("| \(result.label(sweep: sweep)) | \(d.items) | \(d.before) | \(d.gRight) | \(d.dRight) | \(d.after) | " + sides.joined(separator: " | ") + " |")
        }
        return lines + [""]
    }
}
