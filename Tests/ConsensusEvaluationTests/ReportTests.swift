import ConsensusGame
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@testable import ConsensusEvaluation

@Suite("Reports")
struct ReportTests {
    typealias F = OutcomeFixtures

    static func trajectory(start: Double, rate: Double) -> [ExploitabilityPoint] {
        stride(from: 0, through: 1000, by: 100).map { ExploitabilityPoint(iteration: $0, exploitability: start * pow(rate, Double($0) / 100)) }
    }

    /// Two tasks: an HHH result with a tie (G 2/3, D 1/2 by hand) and trajectories, and an
    /// MC2 result of one item with -infinity among its scores and no trajectory.
    static func results() throws -> [TaskResult] {
        let hhh = try TaskResult(task: .hhh, solver: SolverSettings(exploitabilityInterval: 100), outcomes: [
            F.outcome(id: "h0", answers: [0], g: [-1, -2], d: [0.9, 0.1], trajectory: trajectory(start: 0.1, rate: 0.5)),
            F.outcome(id: "h1", answers: [0], g: [-1, -2], d: [0.2, 0.6], trajectory: trajectory(start: 0.2, rate: 0.4)),
            F.outcome(id: "h2", answers: [1], g: [-1, -2], d: [0.4, 0.4], trajectory: trajectory(start: 0.05, rate: 0.6)),
        ])
        let mc2 = try TaskResult(task: .truthfulqaMC2, solver: SolverSettings(exploitabilityInterval: 100), outcomes: [
            F.outcome(id: "t0", answers: [0, 1], g: [log(0.5), log(0.3), -.infinity], d: [0.9, 0.6, 0.3]),
        ])
        return [hhh, mc2]
    }

    static let configuration = EvaluationConfiguration(
        model: .init(name: "SmolLM2-135M-Instruct.F16.gguf", sha256: "abc123"),
        templates: ["hhh": .init(name: "dialogue@v1#0123456789ab", hash: "0123456789abcdef")],
        dataFiles: ["hhh": .init(name: "hhh.jsonl", sha256: "a9086f04")],
        solvers: [SolverSettings(exploitabilityInterval: 100)], engine: ["threads": "2", "batch": "512"],
        selection: "first 3", packageVersion: "0.1.0", date: Date(timeIntervalSince1970: 1_800_000_000),
        wallTimeSeconds: 12.5, tokensEvaluated: 4321)

    @Test func resultsJSONDecodesBack() throws {
        let document = ResultsDocument(configuration: Self.configuration, results: try Self.results())
        let decoded = try ResultsDocument(decoding: try document.encoded())
        #expect(decoded.configuration == Self.configuration)
        #expect(decoded.tasks.map(\.label) == ["hhh", "truthfulqa_mc2"])
        #expect(decoded.tasks[0].metrics == document.tasks[0].metrics)
        #expect(decoded.tasks[0].metrics.diagnostics?.generatorDiscriminatorDisagreement.count == 3)
        #expect(decoded.tasks[1].metrics.diagnostics?.initialAgreementAccuracy == nil)
        #expect(decoded.samples == ["hhh": 3, "truthfulqa_mc2": 1])
        let hhh = try #require(decoded.results["hhh"])
        #expect(abs(hhh["acc,none"]! - 2.0 / 3) < 1e-12)  // G, as lm-evaluation-harness
        #expect(hhh["acc,G"] == hhh["acc,none"])
        #expect(abs(hhh["acc,D"]! - 0.5) < 1e-12)
        #expect(abs(hhh["acc,MI*"]! - 0.5) < 1e-12)  // MI* = SC × D: right, wrong, a tie
        #expect(abs(hhh["acc_stderr,D"]! - 0.5 / 3.0.squareRoot()) < 1e-12)
        #expect(hhh["acc_norm,none"] != nil && hhh["acc_bytes,none"] != nil)
        let mc2 = try #require(decoded.results["truthfulqa_mc2"])
        #expect(abs(mc2["acc,none"]! - 1) < 1e-12)  // G puts all its mass on the two true answers
        #expect(mc2["acc_stderr,none"] == nil)  // n = 1
    }

    @Test func sweepsLabelTasksBySolverIndex() throws {
        let base = try Self.results()[0]
        let other = try TaskResult(task: .hhh, solver: SolverSettings(iterations: 10), solverIndex: 1, outcomes: base.outcomes)
        var configuration = Self.configuration
        configuration.solvers.append(SolverSettings(iterations: 10))
        let document = ResultsDocument(configuration: configuration, results: [base, other])
        #expect(document.tasks.map(\.label) == ["hhh#0", "hhh#1"])
        #expect(throws: BenchmarkError.self) { try ReportWriter(configuration: Self.configuration, results: [base, other]) }
    }

    @Test func samplesHaveOneLinePerItemAndDecodeBack() throws {
        let data = try SampleRecord.jsonLines(try Self.results())
        #expect(String(decoding: data, as: UTF8.self).split(separator: "\n").count == 4)
        let records = try SampleRecord.decodeLines(data, source: "samples.jsonl")
        #expect(records.map(\.id) == ["h0", "h1", "h2", "t0"])
        let tie = records[2]
        #expect(tie.picks["D"] == SampleRecord.Pick(index: 0, right: false, tiedBest: [0, 1], credit: 0.5, trueMass: nil))
        #expect(tie.picks["G"]?.right == false && tie.picks["G"]?.credit == 0)
        // MI* = SC × D = (0.5 · 0.4, 0.5 · 0.4): a tie too.
        #expect(tie.picks["MI*"] == SampleRecord.Pick(index: 0, right: false, tiedBest: [0, 1], credit: 0.5, trueMass: nil))
        #expect(Set(tie.picks.keys) == Set(RankingMethod.allCases.map(\.rawValue)))
        #expect(tie.generativeVariants.keys.sorted() == ["acc_bytes", "acc_norm"])
        #expect(tie.outcome.solution.initial.discriminator.correct == [0.4, 0.4])
        #expect(tie.outcome.solution.trajectory.count == 11)
        let mc2 = records[3]
        #expect(mc2.outcome.problem.generator.correct[2] == -.infinity)
        #expect(abs(mc2.picks["D"]!.trueMass! - 1.5 / 1.8) < 1e-12)
        #expect(mc2.generativeVariants.isEmpty)
    }

    @Test func markdownHasTheTableAndTheNumbers() throws {
        let text = MarkdownReport(configuration: Self.configuration, results: try Self.results()).text
        #expect(text.contains("| task | metric | n | G | MI | MI* | SC | D | ER-G | ER-D |"))
        // HHH: G 66.7 ± 33.3 (best, bold), D 50.0 ± 28.9.
        #expect(text.contains("| hhh | acc | 3 | **66.7 ± 33.3** |"))
        #expect(text.contains("50.0 ± 28.9"))
        #expect(text.contains("| truthfulqa_mc2 | mc2 | 1 | **100.0** |"))
        #expect(text.contains("SmolLM2-135M-Instruct.F16.gguf"))
        #expect(text.contains("`0123456789abcdef`"))
        #expect(text.contains("4321 tokens evaluated"))
        #expect(text.contains("split credit"))
        // Where ER pays: the bucket tables and the disagreement row of each task.
        #expect(text.contains("## Where Equilibrium-Ranking pays"))
        #expect(text.contains("| task | G margin | n | G | MI | MI* | SC | D | ER-G | ER-D |"))
        #expect(text.contains("| task | divergence | n |"))
        #expect(text.contains("| ER-D with G (right) | ER-D with D (right) | ER-D elsewhere (right) |"))
        let disagreementRows = text.components(separatedBy: "\n").filter { $0.hasPrefix("| hhh | 3 | ") && $0.filter { $0 == "|" }.count == 13 }
        #expect(disagreementRows.count == 1)
        // The authors' diagnostics. HHH: G and D differ on h1 and h2 (D ties there): 2 of 3; SC
        // (uniform, a tie) and D have the same top answers only on h2, a tie of two with the
        // answer among them: 50 %. MC2: G and D agree; SC ties all three, D does not.
        #expect(text.contains("| task | n | G ≠ D (%) | items where SC = D | accuracy where SC = D (%) |"))
        #expect(text.contains("| hhh | 3 | 66.7 ± 33.3 | 1 | 50.0 |"))
        #expect(text.contains("| truthfulqa_mc2 | 1 | 0.0 | 0 | — |"))
        // Settings: the solver by name, the settings it ignores as "—".
        #expect(text.contains("| 0 | pikl | 0.1 | 0.1 | — | 0.1 | 0.1 | 5000 | — | last | cross | 100 |"))
    }

    @Test func settingsRowNamesTheExtragradientSolverAndItsTarget() {
        let s = SolverSettings(lambdaGenerator: 0.5, iterations: 100_000, solver: .extragradient, extragradientStepSize: 4, targetExploitability: 1e-9)
        #expect(MarkdownReport.settingsCells(index: 2, s) == ["2", "extragradient", "—", "—", "4.0", "0.5", "0.1", "100000", "1e-09", "last", "cross", "—"])
    }

    @Test(arguments: [true, false])
    func chartsAreWellFormedXML(withTrajectories: Bool) throws {
        var results = try Self.results()
        if !withTrajectories {
            results = try results.map { r in
                try TaskResult(task: r.task, solver: r.solver, outcomes: r.outcomes.map { var o = $0; o.solution.trajectory = []; return o })
            }
        }
        for svg in [AccuracyChart(results: results).svg, ExploitabilityChart(results: results).svg] {
            let checker = SVGChecker()
            let parser = XMLParser(data: Data(svg.utf8))
            parser.delegate = checker
            #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
            #expect(checker.root == "svg")
        }
        let accuracy = SVGChecker.parse(AccuracyChart(results: results).svg)
        #expect(accuracy.titledRects == 14)  // seven bars for each of two tasks
        let exploitability = SVGChecker.parse(ExploitabilityChart(results: results).svg)
        #expect(exploitability.polylines == (withTrajectories ? 1 : 0))  // the MC2 result has no trajectory
        #expect(ExploitabilityChart(results: results).svg.contains("No trajectories were recorded") != withTrajectories)
    }

    @Test func exploitabilitySeriesAreQuartilesOverItems() throws {
        let series = ExploitabilityChart(results: try Self.results()).series()
        #expect(series.map(\.label) == ["hhh"])  // results without trajectories are left out
        #expect(series[0].iterations.first == 0 && series[0].iterations.last == 1000)
        #expect(series[0].median[0] == 0.1)  // of 0.05, 0.1, 0.2
        #expect(ExploitabilityChart.quantile([1, 2, 3, 4], 0.25) == 1.75)
        #expect(ExploitabilityChart.ticks(upTo: 5000) == [0, 1000, 2000, 3000, 4000, 5000])
    }

    @Test func writerWritesEveryFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("consensus-report-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let paths = try ReportWriter(configuration: Self.configuration, results: try Self.results()).write(to: directory)
        #expect(paths.map { ($0 as NSString).lastPathComponent } == ["results.json", "samples.jsonl", "report.md", "accuracy.svg", "exploitability.svg"])
        for path in paths { #expect((try? Data(contentsOf: URL(fileURLWithPath: path)))?.isEmpty == false) }
    }
}

/// Counts the elements of an SVG while checking that it parses.
final class SVGChecker: NSObject, XMLParserDelegate {
    var root: String?
    var titledRects = 0
    var polylines = 0
    private var stack: [String] = []

    static func parse(_ svg: String) -> SVGChecker {
        let checker = SVGChecker()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = checker
        _ = parser.parse()
        return checker
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if root == nil { root = name }
        if name == "title", stack.last == "rect" { titledRects += 1 }
        if name == "polyline" { polylines += 1 }
        stack.append(name)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }
}
