import ConsensusLlama
import ConsensusServer
import Foundation
import NIOHTTP1
import Testing

/// Every POST route walked with bad inputs: each 400 (and each 413 of the token cap) names in
/// `param` a field that the route's request schema in openapi.yaml really has; only an error
/// about the body as a whole (not JSON, not an object, a field the route does not take) has none.
@Suite(.serialized) struct ErrorParamTests {
    /// One bad request: its route, body, the status and `param` expected (nil: the body as a whole).
    struct Case: Sendable, CustomStringConvertible {
        var path: String
        var body: String
        var status = 400
        var param: String?
        var description: String { "\(path) \(body.prefix(80))" }
    }

    static func rank(_ members: String) -> Case { Case(path: "/v1/rank", body: "{\(members)}") }
    static func rankOptions(_ options: String, _ param: String) -> Case {
        Case(path: "/v1/rank", body: #"{"question": "Q?", "candidates": ["a", "b"], "options": {\#(options)}}"#, param: param)
    }
    static let scores = #""generator": {"correct": [-1, -2], "incorrect": [-1, -2]}, "discriminator": {"correct": [-1, -2], "incorrect": [-1, -2]}"#
    static func solve(_ members: String, _ param: String?) -> Case { Case(path: "/v1/solve", body: "{\(members)}", param: param) }
    static func completions(_ members: String, _ param: String?, status: Int = 400) -> Case {
        Case(path: "/v1/completions", body: "{\(members)}", status: status, param: param)
    }
    /// `n` words: more tokens than the context (2048) when n is 3000.
    static func words(_ n: Int) -> String { String(repeating: "word ", count: n) }

    static let cases: [Case] = {
        var cases: [Case] = []
        for path in ["/v1/rank", "/v1/solve", "/v1/completions", "/tokenize"] {
            cases.append(Case(path: path, body: #"{"question": "#, param: nil))  // not JSON
            cases.append(Case(path: path, body: "[1, 2]", param: nil))  // not an object
            cases.append(Case(path: path, body: #"{"choices": []}"#, param: nil))  // not a field of the route
        }
        func rank(_ members: String, _ param: String, status: Int = 400) {
            var c = Self.rank(members)
            c.param = param
            c.status = status
            cases.append(c)
        }
        rank(#""candidates": ["a", "b"]"#, "question")
        rank(#""question": 5, "candidates": ["a", "b"]"#, "question")
        rank(#""question": " ", "candidates": ["a", "b"]"#, "question")
        rank(#""question": "Q?", "candidates": "a"#  + "\"", "candidates")
        rank(#""question": "Q?", "candidates": ["a", 3]"#, "candidates.1")
        rank(#""question": "Q?", "candidates": ["a"]"#, "candidates")
        rank(#""question": "Q?", "candidates": ["a", "b", " "]"#, "candidates.2")
        rank(#""question": "Q?", "candidates": ["a", "b", "c", "d"]"#, "candidates")  // beyond --max-candidates 3
        rank(#""question": "Q?", "context": 3, "candidates": ["a", "b"]"#, "context")
        rank(#""question": "Q?", "candidates": ["a", "b"], "options": 3"#, "options")
        // Longer than the context: the candidate's prompt, or every prompt (the question).
        rank(#""question": "Q?", "candidates": ["a", "\#(words(3000))"]"#, "candidates.1")
        rank(#""question": "\#(words(3000))", "candidates": ["a", "b"]"#, "question")
        rank(#""question": "Q?", "context": "\#(words(3000))", "candidates": ["a", "b"]"#, "context")
        // Each prompt fits the context, all together need more positions than the cap (413).
        let long = ["apple", "pear", "plum"].map { String(repeating: "\($0) ", count: 600) }
        rank(#""question": "Q?", "candidates": ["\#(long[0])", "\#(long[1])", "\#(long[2])"]"#, "candidates", status: 413)
        cases += [
            rankOptions(#""foo": 1"#, "options"), rankOptions(#""template": "nope""#, "options.template"),
            rankOptions(#""candidate_score": "x""#, "options.candidate_score"), rankOptions(#""on_degenerate": "x""#, "options.on_degenerate"),
            rankOptions(#""apply_chat_template": "yes""#, "options.apply_chat_template"),
            rankOptions(#""system_instruction": "Be brief.""#, "options.system_instruction"),
            rankOptions(#""eta": -1"#, "options.eta"), rankOptions(#""lambda": "x""#, "options.lambda"),
            rankOptions(#""eta_generator": 0"#, "options.eta_generator"), rankOptions(#""lambda_discriminator": 1e300"#, "options.lambda_discriminator"),
            rankOptions(#""iterations": -1"#, "options.iterations"), rankOptions(#""iterations": 2000000"#, "options.iterations"),
            rankOptions(#""solver": "x""#, "options.solver"), rankOptions(#""normalization": "x""#, "options.normalization"),
            rankOptions(#""equilibrium_iterate": "x""#, "options.equilibrium_iterate"),
            rankOptions(#""exploitability_interval": 0"#, "options.exploitability_interval"),
            rankOptions(#""target_exploitability": -1"#, "options.target_exploitability"),
            rankOptions(#""extragradient_step_size": 0"#, "options.extragradient_step_size"),
        ]
        cases += [
            solve("", "generator"), solve(#""generator": 3"#, "generator"),
            solve(#""generator": {"correct": [-1, -2], "incorrect": [-1, -2], "foo": []}"#, "generator"),
            solve(#""generator": {"correct": [-1, -2], "incorrect": [-1, -2]}"#, "discriminator"),
            solve(#""generator": {"correct": "x", "incorrect": [-1, -2]}, "discriminator": {"correct": [-1, -2], "incorrect": [-1, -2]}"#, "generator.correct"),
            solve(#""generator": {"correct": [-1, "x"], "incorrect": [-1, -2]}, "discriminator": {"correct": [-1, -2], "incorrect": [-1, -2]}"#, "generator.correct[1]"),
            solve(#""generator": {"correct": ["nan", -2], "incorrect": [-1, -2]}, "discriminator": {"correct": [-1, -2], "incorrect": [-1, -2]}"#, "generator.correct[0]"),
            solve(#""generator": {"correct": [-1, -2], "incorrect": [-1, -2]}, "discriminator": {"correct": [-1], "incorrect": [-1, -2]}"#, "discriminator.correct"),
            solve(#""generator": {"correct": [-1, -2, -3, -4], "incorrect": [-1, -2, -3, -4]}, "discriminator": {"correct": [-1, -2, -3, -4], "incorrect": [-1, -2, -3, -4]}"#, "generator"),
            solve(scores + #", "id": []"#, "id"), solve(scores + #", "eta": -1"#, "eta"), solve(scores + #", "iterations": 2000000"#, "iterations"),
            solve(scores + #", "solver": "x""#, "solver"), solve(scores + #", "exploitability_interval": 0"#, "exploitability_interval"),
        ]
        let prompt = #""prompt": "Hello", "max_tokens": 0"#
        cases += [
            completions(#""prompt": "Hello""#, "max_tokens"), completions(#""prompt": "Hello", "max_tokens": 5"#, "max_tokens"),
            completions(#""prompt": "Hello", "max_tokens": "x""#, "max_tokens"),
            completions(prompt + #", "logprobs": 5"#, "logprobs"), completions(prompt + #", "n": 2"#, "n"),
            completions(prompt + #", "stream": true"#, "stream"), completions(prompt + #", "echo": "x""#, "echo"),
            completions(prompt + #", "temperature": "x""#, "temperature"), completions(prompt + #", "top_p": "x""#, "top_p"),
            completions(prompt + #", "seed": "x""#, "seed"), completions(prompt + #", "user": 3"#, "user"),
            completions(prompt + #", "stop": [3]"#, "stop.0"), completions(prompt + #", "return_tokens_as_token_ids": 1"#, "return_tokens_as_token_ids"),
            completions(#""max_tokens": 0"#, "prompt"), completions(#""prompt": [], "max_tokens": 0"#, "prompt"),
            completions(#""prompt": 3, "max_tokens": 0"#, "prompt"), completions(#""prompt": ["a", 3], "max_tokens": 0"#, "prompt.1"),
            completions(#""prompt": [[1, 2], [3, 99999999]], "max_tokens": 0"#, "prompt.1.1"),
            completions(#""prompt": "", "max_tokens": 0"#, "prompt"),
            completions(#""prompt": [\#(Array(repeating: "\"a\"", count: 129).joined(separator: ", "))], "max_tokens": 0"#, "prompt"),
            completions(#""prompt": "\#(words(3000))", "max_tokens": 0"#, "prompt"),
            completions(#""prompt": ["\#(words(800))", "x \#(words(800))", "y \#(words(800))"], "max_tokens": 0"#, "prompt", status: 413),
            completions(prompt + #", "model": "gpt-4""#, "model", status: 404),
        ]
        cases += [
            Case(path: "/tokenize", body: "{}", param: "prompt"), Case(path: "/tokenize", body: #"{"prompt": 3}"#, param: "prompt"),
            Case(path: "/tokenize", body: #"{"prompt": "a", "add_special_tokens": "x"}"#, param: "add_special_tokens"),
            Case(path: "/tokenize", body: #"{"prompt": "a", "model": "gpt-4"}"#, status: 404, param: "model"),
        ]
        return cases
    }()

    @Test func everyErrorNamesAFieldOfItsRoute() async throws {
        var settings = ServerSettings()
        settings.maxCandidates = 3
        try await ServerFixture.withServer(settings) { server in
            let document = try await ServerFixture.request(.GET, server.url + "/openapi.yaml")
            let schema = OpenAPISchema(document.text)
            #expect(schema.postPaths == ["/tokenize", "/v1/completions", "/v1/rank", "/v1/solve"], "every POST route is walked")
            #expect(Set(Self.cases.map(\.path)) == Set(schema.postPaths))
            for c in Self.cases {
                let answer = try await ServerFixture.request(.POST, server.url + c.path, body: Data(c.body.utf8))
                #expect(answer.status == c.status, "\(c): \(answer.text)")
                #expect(answer.errorParam == c.param, "\(c): \(answer.text)")
                if let param = answer.errorParam {
                    #expect(schema.has(param, in: c.path), "\(c): param \(param) is not a field of \(c.path)")
                } else {
                    #expect(answer.errorMessage?.hasPrefix("the body") == true, "\(c): \(answer.text)")
                }
            }
        }
    }

    /// The reader finds what the document says, and refuses what it does not.
    @Test func theSchemaReaderFollowsTheDocument() throws {
        let document = try #require(ScoringServer.openAPIDocument(settings: ServerSettings(), model: ServerFixture.engine().model))
        let schema = OpenAPISchema(document)
        #expect(schema.has("options.eta", in: "/v1/rank") && schema.has("candidates.3", in: "/v1/rank"))
        #expect(schema.has("discriminator.correct[2]", in: "/v1/solve") && schema.has("prompt.0.3", in: "/v1/completions"))
        #expect(schema.has("add_special_tokens", in: "/tokenize"))
        #expect(!schema.has("prompt", in: "/v1/rank") && !schema.has("options.prompt", in: "/v1/rank"))
        #expect(!schema.has("generator.maybe", in: "/v1/solve") && !schema.has("question", in: "/v1/completions"))
    }
}
