import ConsensusRanking
import Foundation
import Testing

@Suite("PromptTemplate")
struct PromptTemplateTests {
    @Test func builtInTemplatesAreValidAndDistinct() throws {
        let names = TemplateLibrary.builtIn.map(\.name)
        #expect(names == ["qa", "passage", "dialogue"])
        for t in TemplateLibrary.builtIn { try t.validate(source: t.name) }
        #expect(Set(TemplateLibrary.builtIn.map(\.hash)).count == 3)
        #expect(TemplateLibrary.builtIn.allSatisfy { $0.hash.count == 64 })
    }

    @Test func qaMatchesTheHarnessPromptAndSharesItsPrefix() throws {
        let t = try TemplateLibrary.resolve("qa")
        let correct = t.generatorPrompt(true, question: "Why?", context: nil)
        #expect(correct == "Question: Why?\nAnswer:")
        #expect(t.generatorPrompt(false, question: "Why?", context: nil) == "Question: Why?\nIncorrect answer:")
        #expect(t.continuation("Because.") == " Because.")
        let d = t.discriminatorPrompt(question: "Why?", context: nil, candidate: "Because.")
        #expect(d.hasPrefix(correct + t.continuation("Because.")))
        let passage = try TemplateLibrary.resolve("passage")
        #expect(passage.generatorPrompt(true, question: "Q?", context: "Text.") == "Article: Text.\n\nQuestion: Q?\nAnswer:")
    }

    @Test func substitutionIsOnePass() throws {
        let t = try TemplateLibrary.resolve("qa")
        let d = t.discriminatorPrompt(question: "What is {candidate}?", context: nil, candidate: "{question}")
        #expect(d.hasPrefix("Question: What is {candidate}?\nAnswer: {question}\n"))
    }

    @Test func hashFollowsTheText() throws {
        var t = try TemplateLibrary.resolve("qa")
        let before = t.hash
        #expect(t.hash == before)
        t.labels.correct = " yes"
        #expect(t.hash != before)
    }

    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("template-\(UUID()).json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aTemplateFileIsReadAndItsFaultsNamed() throws {
        let good = try Self.write(BuiltInJSON.qaWithOtherLabels)
        let t = try TemplateLibrary.resolve(good)
        #expect(t.labels.correct == " True")

        let missing = try Self.write(#"{"name": "x", "version": 1}"#)
        let e1 = try #require(throws: TemplateError.self) { try TemplateLibrary.resolve(missing) }
        #expect(e1.kind == .malformed && e1.source == missing && e1.field == "description")
        #expect(e1.description == "\(missing): field \"description\" is missing")

        let same = try Self.write(BuiltInJSON.qaWithOtherLabels.replacingOccurrences(of: "Incorrect answer:", with: "Answer:"))
        let e2 = try #require(throws: TemplateError.self) { try TemplateLibrary.resolve(same) }
        #expect(e2.kind == .invalid && e2.field == "generator.incorrect")
        #expect(e2.description.contains("generator.correct") && e2.description.hasPrefix(same + ": "))

        let noCandidate = try Self.write(BuiltInJSON.qaWithOtherLabels.replacingOccurrences(of: "Answer: {candidate}", with: "Answer:"))
        let e3 = try #require(throws: TemplateError.self) { try TemplateLibrary.resolve(noCandidate) }
        #expect(e3.kind == .invalid && e3.field == "discriminator" && e3.value?.contains("{question}") == true)
        #expect(e3.description == "\(noCandidate): field \"discriminator\" must contain {candidate}")

        let sameLabels = try Self.write(BuiltInJSON.qaWithOtherLabels.replacingOccurrences(of: #""incorrect": " False""#, with: #""incorrect": " True""#))
        let e5 = try #require(throws: TemplateError.self) { try TemplateLibrary.resolve(sameLabels) }
        #expect(e5.kind == .invalid && e5.field == "labels.incorrect" && e5.value == " True")

        let e4 = try #require(throws: TemplateError.self) { try TemplateLibrary.resolve("no-such-template") }
        #expect(e4.kind == .notFound && e4.value == "no-such-template" && e4.source == nil)
        #expect(e4.description.hasPrefix("unknown template \"no-such-template\"") && e4.description.contains("qa, passage, dialogue"))
    }
}

enum BuiltInJSON {
    static let qaWithOtherLabels = #"""
        {"name": "mine", "version": 2, "description": "test", "context_format": "{context}\n\n",
         "generator": {"correct": "{context}Question: {question}\nAnswer:", "incorrect": "{context}Question: {question}\nIncorrect answer:"},
         "candidate": " {candidate}",
         "discriminator": "{context}Question: {question}\nAnswer: {candidate}\nTrue or false?",
         "labels": {"correct": " True", "incorrect": " False"}}
        """#
}
