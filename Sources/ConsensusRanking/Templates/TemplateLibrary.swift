import Foundation

/// Finds a template by built-in name or by file path.
public enum TemplateLibrary {
    /// The built-in templates: `qa`, `passage`, `dialogue`.
    public static let builtIn: [PromptTemplate] = BuiltInTemplates.json.map {
        try! decode(Data($0.utf8), source: "built-in template")
    }

    /// The built-in template called `name`, or the template in the JSON file at `name`.
    /// - Throws: ``TemplateError`` naming the unknown template, or the file and field at fault.
    public static func resolve(_ name: String) throws -> PromptTemplate {
        if let template = builtIn.first(where: { $0.name == name }) { return template }
        guard FileManager.default.fileExists(atPath: name) else {
            throw TemplateError(
                .notFound, value: name,
                reason: "unknown template \"\(name)\": use a built-in one (\(builtIn.map(\.name).joined(separator: ", "))) or the path of a JSON template file")
        }
        guard let data = FileManager.default.contents(atPath: name) else {
            throw TemplateError(.unreadable, source: name, reason: "cannot read the template file")
        }
        return try decode(data, source: name)
    }

    static func decode(_ data: Data, source: String) throws -> PromptTemplate {
        let template: PromptTemplate
        do {
            template = try JSONDecoder().decode(PromptTemplate.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw TemplateError(.malformed, source: source, field: path(context.codingPath + [key]), reason: "is missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw TemplateError(.malformed, source: source, field: path(context.codingPath), reason: "has the wrong type (\(context.debugDescription))")
        } catch let DecodingError.valueNotFound(_, context) {
            throw TemplateError(.malformed, source: source, field: path(context.codingPath), reason: "is null")
        } catch {
            throw TemplateError(.malformed, source: source, reason: "not a valid JSON template (\(error.localizedDescription))")
        }
        try template.validate(source: source)
        return template
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map(\.stringValue).joined(separator: ".")
    }
}
