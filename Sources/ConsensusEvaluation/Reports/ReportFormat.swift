import Foundation

/// Number formats shared by the reports.
enum ReportFormat {
    /// `51.0 ± 3.5` for a fraction 0.51 with standard error 0.035; `51.0` without one.
    static func percent(_ estimate: MetricEstimate) -> String {
        percent(estimate.value, standardError: estimate.standardError)
    }

    static func percent(_ fraction: Double, standardError: Double?) -> String {
        let value = String(format: "%.1f", fraction * 100)
        guard let se = standardError else { return value }
        return "\(value) ± \(String(format: "%.1f", se * 100))"
    }

    /// Three significant digits: `0.0123`, `1.23e-07`.
    static func short(_ x: Double) -> String {
        String(format: "%.3g", x)
    }

    /// A coordinate for SVG: at most two decimals, no trailing zeros.
    static func coordinate(_ x: Double) -> String {
        var text = String(format: "%.2f", x)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// `text` made safe inside a markdown table cell.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
