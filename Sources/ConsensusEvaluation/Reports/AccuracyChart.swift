import ConsensusGame

/// The accuracy plot as a self-contained SVG: one group of seven bars (G, MI, MI*, SC, D,
/// ER-G, ER-D) per task, in percent, with ± one standard error as error bars and the chance level
/// (the mean over items of the right answers' share of the choices) as a dashed line.
public struct AccuracyChart: Sendable {
    /// The results drawn, one group of bars each, in order.
    public var results: [TaskResult]

    /// Creates a chart of `results`.
    public init(results: [TaskResult]) {
        self.results = results
    }

    private let barWidth = 14.0, barGap = 2.0, groupGap = 36.0
    private let left = 64.0, right = 20.0, top = 78.0, plotHeight = 300.0, bottom = 64.0

    /// The SVG text.
    public var svg: String {
        let methods = RankingMethod.allCases
        let groupWidth = Double(methods.count) * barWidth + Double(methods.count - 1) * barGap
        let plotWidth = Double(results.count) * (groupWidth + groupGap)
        let legendWidth = Double(RankingMethod.allCases.count) * 72 + 80  // method swatches, then "chance"
        let width = max(left + plotWidth + right, left + legendWidth)
        var canvas = SVGCanvas(width: width, height: top + plotHeight + bottom)
        func y(_ fraction: Double) -> Double { top + plotHeight * (1 - min(max(fraction, 0), 1)) }

        canvas.text("Accuracy by method (± 1 standard error)", x: left, y: 24, size: 16, weight: "bold")
        for (i, m) in methods.enumerated() {
            let x = left + Double(i) * 72
            canvas.rect(x: x, y: 38, width: 12, height: 12, fill: ChartPalette.color(m))
            canvas.text(m.rawValue, x: x + 16, y: 48.5, size: 12)
        }
        let chanceX = left + Double(methods.count) * 72
        canvas.line(chanceX, 44, chanceX + 18, 44, stroke: "#555", width: 1.2, extra: ["stroke-dasharray": "4 3"])
        canvas.text("chance", x: chanceX + 22, y: 48.5, size: 12)

        for tick in stride(from: 0, through: 100, by: 10) {
            let ty = y(Double(tick) / 100)
            canvas.line(left, ty, left + plotWidth, ty, stroke: tick == 0 ? "#333" : "#e3e3e3", width: tick == 0 ? 1 : 0.8)
            if tick.isMultiple(of: 20) { canvas.text("\(tick)", x: left - 6, y: ty + 4, size: 11, anchor: "end") }
        }
        canvas.line(left, top, left, top + plotHeight, stroke: "#333")
        canvas.text("accuracy (%)", x: 18, y: top + plotHeight / 2, size: 12, anchor: "middle", rotate: -90)

        let sweep = Set(results.map(\.solverIndex)).count > 1
        for (g, result) in results.enumerated() {
            let x0 = left + groupGap / 2 + Double(g) * (groupWidth + groupGap)
            let label = result.label(sweep: sweep)
            for (i, m) in methods.enumerated() {
                let estimate = result.metrics[m]
                let x = x0 + Double(i) * (barWidth + barGap)
                let tooltip = "\(label), \(m.rawValue): \(ReportFormat.percent(estimate)) % \(estimate.metric) (n = \(estimate.count))"
                canvas.rect(x: x, y: y(estimate.value), width: barWidth, height: y(0) - y(estimate.value), fill: ChartPalette.color(m), title: tooltip)
                if let se = estimate.standardError, se > 0 {
                    let cx = x + barWidth / 2
                    let (low, high) = (y(estimate.value - se), y(estimate.value + se))
                    canvas.line(cx, low, cx, high, stroke: "#111", width: 1.2)
                    canvas.line(cx - 3.5, low, cx + 3.5, low, stroke: "#111", width: 1.2)
                    canvas.line(cx - 3.5, high, cx + 3.5, high, stroke: "#111", width: 1.2)
                }
            }
            let chance = y(chanceLevel(result))
            canvas.line(x0 - 4, chance, x0 + groupWidth + 4, chance, stroke: "#555", width: 1.2, extra: ["stroke-dasharray": "4 3"])
            canvas.text(label, x: x0 + groupWidth / 2, y: top + plotHeight + 18, size: 12, anchor: "middle", weight: "bold")
            canvas.text("\(result.metrics.metric.rawValue), n = \(result.metrics.count)", x: x0 + groupWidth / 2, y: top + plotHeight + 34, size: 11, anchor: "middle", fill: "#555")
        }
        return canvas.render(title: "Accuracy by method")
    }

    /// The expected score of a uniformly random pick: the mean share of right answers.
    private func chanceLevel(_ result: TaskResult) -> Double {
        let shares = result.outcomes.map { Double($0.item.answers.count) / Double($0.item.choices.count) }
        return shares.reduce(0, +) / Double(shares.count)
    }
}
