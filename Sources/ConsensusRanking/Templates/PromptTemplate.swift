import ConsensusScoring
import Foundation

/// The prompts of one task family, as data: versioned, hashed, loadable from a JSON file.
///
/// Placeholders: `{question}`, `{candidate}` and `{context}`. `{context}` expands to
/// ``contextFormat`` with the item's context (a passage) filled in, or to nothing when the item
/// has none. The generator's two prompts differ only in the words that ask for a correct or an
/// incorrect answer; a candidate is scored as the continuation ``candidate`` (` {candidate}`).
/// The discriminator prompt shows the question and one candidate and asks whether it is
/// correct; the two labels are scored as its next tokens.
public struct PromptTemplate: Sendable, Hashable, Codable {
    public struct GeneratorPrompts: Sendable, Hashable, Codable {
        /// The prompt that asks for a correct answer (v = correct).
        public var correct: String
        /// The prompt that asks for an incorrect answer (v = incorrect).
        public var incorrect: String
    }

    public struct Labels: Sendable, Hashable, Codable {
        /// The discriminator's word for "correct", as it follows the prompt (e.g. `" Yes"`).
        public var correct: String
        /// The discriminator's word for "incorrect" (e.g. `" No"`).
        public var incorrect: String
    }

    public var name: String
    public var version: Int
    public var description: String
    /// How `{context}` expands when an item has a context; `{context}` inside it is the text.
    public var contextFormat: String
    public var generator: GeneratorPrompts
    /// The continuation scored under the generator prompts.
    public var candidate: String
    public var discriminator: String
    public var labels: Labels

    enum CodingKeys: String, CodingKey {
        case name, version, description, generator, candidate, discriminator, labels
        case contextFormat = "context_format"
    }

    /// SHA-256 of the template's canonical JSON (sorted keys): equal texts, equal hashes,
    /// whether the template is built in or read from a file.
    public var hash: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return SHA256.hex(String(decoding: try! encoder.encode(self), as: UTF8.self))
    }

    /// A short identity for reports: `name@version#hash-prefix`.
    public var identity: String { "\(name)@v\(version)#\(hash.prefix(12))" }

    /// Checks that every prompt has the placeholders it needs, that the generator's two prompts
    /// differ, and that the labels are two different words.
    /// - Throws: ``TemplateError`` of kind ``TemplateError/Kind/invalid`` naming `source` and the field.
    public func validate(source: String) throws {
        func require(_ text: String, _ placeholder: String, _ field: String) throws {
            guard text.contains("{\(placeholder)}") else {
                throw TemplateError(.invalid, source: source, field: field, value: text, reason: "must contain {\(placeholder)}")
            }
        }
        try require(generator.correct, "question", "generator.correct")
        try require(generator.incorrect, "question", "generator.incorrect")
        try require(discriminator, "question", "discriminator")
        try require(discriminator, "candidate", "discriminator")
        try require(candidate, "candidate", "candidate")
        try require(contextFormat, "context", "context_format")
        guard generator.correct != generator.incorrect else {
            throw TemplateError(
                .invalid, source: source, field: "generator.incorrect", value: generator.incorrect,
                reason: "is the same text as \"generator.correct\"; the two must differ in the words that ask for a correct or an incorrect answer")
        }
        for (field, label) in [("labels.correct", labels.correct), ("labels.incorrect", labels.incorrect)] where label.isEmpty {
            throw TemplateError(.invalid, source: source, field: field, value: label, reason: "is empty; a label is the word the discriminator answers with")
        }
        guard labels.correct != labels.incorrect else {
            throw TemplateError(
                .invalid, source: source, field: "labels.incorrect", value: labels.incorrect,
                reason: "is the same word as \"labels.correct\"; the two labels must differ")
        }
    }

    /// The text `{context}` stands for.
    func contextBlock(_ context: String?) -> String {
        guard let context, !context.isEmpty else { return "" }
        return Self.substitute(contextFormat, ["context": context])
    }

    func fill(_ text: String, question: String, context: String?, candidate: String? = nil) -> String {
        var values = ["question": question, "context": contextBlock(context)]
        if let candidate { values["candidate"] = candidate }
        return Self.substitute(text, values)
    }

    /// Replaces each `{name}` of `values` in one pass, so that text filled in (a question that
    /// happens to contain "{candidate}") is never substituted again.
    public static func substitute(_ text: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            if let close = rest[open...].firstIndex(of: "}"),
                let value = values[String(rest[rest.index(after: open)..<close])]
            {
                out += value
                rest = rest[rest.index(after: close)...]
            } else {
                out.append("{")
                rest = rest[rest.index(after: open)...]
            }
        }
        return out + rest
    }

    /// The generator's prompt for `v`.
    public func generatorPrompt(_ correct: Bool, question: String, context: String?) -> String {
        fill(correct ? generator.correct : generator.incorrect, question: question, context: context)
    }

    /// The continuation that stands for `candidate` under the generator prompts.
    public func continuation(_ candidate: String) -> String {
        Self.substitute(self.candidate, ["candidate": candidate])
    }

    /// The discriminator's prompt for one candidate.
    public func discriminatorPrompt(question: String, context: String?, candidate: String) -> String {
        fill(discriminator, question: question, context: context, candidate: candidate)
    }
}
