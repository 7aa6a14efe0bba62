/// A hand-written SVG document: elements appended in drawing order, text and attributes
/// escaped, coordinates rounded to two decimals.
struct SVGCanvas {
    let width: Double
    let height: Double
    private(set) var elements: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    private static func attributes(_ pairs: KeyValuePairs<String, String>) -> String {
        pairs.map { " \($0.key)=\"\(escape($0.value))\"" }.joined()
    }

    private static func number(_ x: Double) -> String { ReportFormat.coordinate(x) }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, title: String? = nil, extra: KeyValuePairs<String, String> = [:]) {
        let head = "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" fill=\"\(Self.escape(fill))\"\(Self.attributes(extra))"
        if let title {
            elements.append("\(head)><title>\(Self.escape(title))</title></rect>")
        } else {
            elements.append("\(head)/>")
        }
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, extra: KeyValuePairs<String, String> = [:]) {
        elements.append("<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\" stroke=\"\(Self.escape(stroke))\" stroke-width=\"\(Self.number(width))\"\(Self.attributes(extra))/>")
    }

    mutating func text(_ content: String, x: Double, y: Double, size: Double = 12, anchor: String = "start", weight: String = "normal", fill: String = "#222", rotate: Double? = nil) {
        let transform = rotate.map { " transform=\"rotate(\(Self.number($0)) \(Self.number(x)) \(Self.number(y)))\"" } ?? ""
        elements.append("<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(Self.number(size))\" text-anchor=\"\(anchor)\" font-weight=\"\(weight)\" fill=\"\(Self.escape(fill))\"\(transform)>\(Self.escape(content))</text>")
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 1.5, title: String? = nil) {
        let list = points.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
        let head = "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(Self.escape(stroke))\" stroke-width=\"\(Self.number(width))\" stroke-linejoin=\"round\""
        elements.append(title.map { "\(head)><title>\(Self.escape($0))</title></polyline>" } ?? "\(head)/>")
    }

    mutating func polygon(_ points: [(Double, Double)], fill: String, opacity: Double) {
        let list = points.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
        elements.append("<polygon points=\"\(list)\" fill=\"\(Self.escape(fill))\" fill-opacity=\"\(Self.number(opacity))\" stroke=\"none\"/>")
    }

    mutating func circle(x: Double, y: Double, radius: Double, fill: String) {
        elements.append("<circle cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"\(Self.number(radius))\" fill=\"\(Self.escape(fill))\"/>")
    }

    /// The complete, self-contained SVG file.
    func render(title: String) -> String {
        let w = Self.number(width), h = Self.number(height)
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(w)" height="\(h)" viewBox="0 0 \(w) \(h)" font-family="Helvetica, Arial, sans-serif">
            <title>\(Self.escape(title))</title>
            <rect x="0" y="0" width="\(w)" height="\(h)" fill="#ffffff"/>
            \(elements.joined(separator: "\n"))
            </svg>

            """
    }
}
