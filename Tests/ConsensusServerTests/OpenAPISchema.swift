import Foundation

/// Just enough of an OpenAPI document in YAML to say which fields a route's request has: block
/// mappings by indentation (flow values kept as text, block scalars and list items skipped), and
/// `$ref`s to `#/components/schemas/…` followed. Good for openapi.yaml, not for YAML at large.
struct OpenAPISchema {
    final class Node {
        let text: String
        var children: [String: Node] = [:]
        init(_ text: String) { self.text = text }
    }

    let root = Node("")

    init(_ yaml: String) {
        var stack: [(indent: Int, node: Node)] = [(-1, root)]
        var scalarIndent: Int?  // inside a `|` block scalar, the indentation of its key
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: true) {
            let indent = line.prefix(while: { $0 == " " }).count
            let trimmed = line.dropFirst(indent)
            if let block = scalarIndent, indent > block { continue }
            scalarIndent = nil
            if trimmed.hasPrefix("#") || trimmed.hasPrefix("- ") { continue }
            guard let colon = Self.keyEnd(trimmed) else { continue }
            let key = String(trimmed[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            while stack.last!.indent >= indent { stack.removeLast() }
            let node = Node(value)
            stack.last!.node.children[key] = node
            stack.append((indent, node))
            if value == "|" || value == ">" { scalarIndent = indent }
        }
    }

    /// The colon that ends a line's key: the first one followed by a space or the line's end.
    private static func keyEnd(_ line: Substring) -> Substring.Index? {
        var index = line.startIndex
        while let colon = line[index...].firstIndex(of: ":") {
            let next = line.index(after: colon)
            if next == line.endIndex || line[next] == " " { return colon }
            index = next
        }
        return nil
    }

    /// The node at `path` (keys from the root).
    func node(_ path: [String]) -> Node? {
        path.reduce(Optional(root)) { $0?.children[$1] }
    }

    /// The properties of a schema node, following a `$ref` to another schema.
    func properties(of schema: Node?) -> [String: Node]? {
        guard let schema else { return nil }
        if let properties = schema.children["properties"] { return properties.children }
        return Self.reference(schema.text).flatMap { properties(of: node(["components", "schemas", $0])) }
    }

    /// The schema a flow value `{$ref: "#/components/schemas/Name"}` names; nil for none, or
    /// for a reference into another schema's properties.
    static func reference(_ text: String) -> String? {
        let marker = "$ref: \"#/components/schemas/"
        guard let start = text.range(of: marker)?.upperBound else { return nil }
        let name = text[start...].prefix(while: { $0.isLetter })
        return text[start...].dropFirst(name.count).first == "\"" ? String(name) : nil
    }

    /// The request schema of `POST path`.
    func requestSchema(_ path: String) -> Node? {
        guard let schema = node(["paths", path, "post", "requestBody", "content", "application/json", "schema"]) else { return nil }
        guard schema.children.isEmpty else { return schema }
        return Self.reference(schema.text).flatMap { node(["components", "schemas", $0]) }
    }

    /// The paths that take POST.
    var postPaths: [String] {
        (node(["paths"])?.children ?? [:]).filter { $0.value.children["post"] != nil }.map(\.key).sorted()
    }

    /// Whether `param` (`options.eta`, `candidates.1`, `prompt.0.3`, `discriminator.correct[2]`)
    /// is a path into the request schema of `POST path`: its first part a property, each later
    /// part a property of the one before or an index into it.
    func has(_ param: String, in path: String) -> Bool {
        let parts = param.replacingOccurrences(of: "[", with: ".").replacingOccurrences(of: "]", with: "")
            .split(separator: ".").map(String.init)
        guard let first = parts.first, var current = properties(of: requestSchema(path))?[first] else { return false }
        for part in parts.dropFirst() {
            if Int(part) != nil { continue }
            guard let next = properties(of: current)?[part] else { return false }
            current = next
        }
        return true
    }
}
