import ArgumentParser
import ConsensusLlama
import ConsensusRanking
import ConsensusScoring
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `consensus score`: log-probabilities of continuations under the model.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score continuations of prompts with the language model.",
        discussion: """
            One request: --prompt TEXT --continuation TEXT. A batch: --input FILE (or - for \
            standard input), JSON Lines of {"prompt": ..., "continuation": ...}, answered line by \
            line; lines with a "group" key equal to their neighbours' are scored together so that \
            shared prefixes are evaluated once.
            """)

    @Option(help: "The conditioning text.") var prompt: String?
    @Option(help: "The text to score; usually starts with a space.") var continuation: String?
    @Option(help: "JSON Lines of requests (- for standard input).") var input: String?
    @Flag(help: "Print each token's log-probability too.") var tokens = false
    @OptionGroup var engine: EngineOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if input == nil {
            guard let prompt, continuation != nil else {
                throw ValidationError("give --prompt and --continuation, or --input FILE")
            }
            _ = prompt
        } else if prompt != nil || continuation != nil {
            throw ValidationError("--input cannot be combined with --prompt/--continuation")
        }
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "consensus.score")
        let engine = try await remote.makeEngine(local: self.engine, logger: logger)
        if let prompt, let continuation {
            let request = ContinuationRequest(prompt: prompt, continuation: continuation)
            let score = try await engine.score(request)
            if tokens {
                if let local = engine as? LlamaEngine {
                    let split = try local.tokenize(request)
                    print("prompt tokens: \(split.prompt)\ncontinuation tokens: \(split.continuation)")
                }
                print("token log-probabilities: \(score.tokenLogProbabilities.map { String(format: "%.6f", $0) }.joined(separator: " "))")
            }
            print(try ScoreLine.json(ScoreLine(request: request, score: score, includeTokens: tokens)))
            return
        }
        try await scoreLines(engine: engine)
    }

    private func scoreLines(engine: any ScoringEngine) async throws {
        let path = input!
        guard let file = path == "-" ? fdopen(STDIN_FILENO, "r") : fopen(path, "r") else {
            throw CommandError("cannot open the input file '\(path)': \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var reader = JSONDocumentReader(file: file)
        var pending: [ContinuationRequest] = []
        var pendingGroup: JSONValue?
        func flush() async throws {
            guard !pending.isEmpty else { return }
            let scores = try await engine.score(ScoringGroup(continuations: pending))
            for (request, score) in zip(pending, scores.continuations) {
                print(try ScoreLine.json(ScoreLine(request: request, score: score, includeTokens: tokens)))
            }
            pending.removeAll()
        }
        while true {
            let document: JSONDocumentReader.Document
            let request: ContinuationRequest
            let json: JSONValue
            do {
                guard let next = try reader.next() else { break }
                document = next
            } catch {
                try await flush()  // answer every line before the bad one
                throw CommandError("\(path):\(error.line): \(error.message)")
            }
            do {
                json = try JSONParser.parse(Data(document.bytes))
                func text(_ field: String) throws -> String {
                    guard case .string(let value)? = json[field] else {
                        throw CommandError("\(path):\(document.line): field \"\(field)\" must be a string")
                    }
                    return value
                }
                request = ContinuationRequest(prompt: try text("prompt"), continuation: try text("continuation"))
            } catch {
                try await flush()
                if let syntax = error as? JSONParser.SyntaxError {
                    throw CommandError("\(path):\(document.line): not valid JSON (\(syntax))")
                }
                throw error
            }
            let group = json["group"]
            if group == nil || group != pendingGroup { try await flush() }
            pendingGroup = group
            pending.append(request)
        }
        try await flush()
    }
}

/// One answer of `consensus score`.
struct ScoreLine: Encodable {
    var prompt: String
    var continuation: String
    var logprob: Double
    var is_greedy: Bool
    var prompt_tokens: Int
    var continuation_tokens: Int
    var token_logprobs: [Double]?

    init(request: ContinuationRequest, score: ContinuationScore, includeTokens: Bool) {
        prompt = request.prompt
        continuation = request.continuation
        logprob = score.logProbability
        is_greedy = score.isGreedy
        prompt_tokens = score.promptTokenCount
        continuation_tokens = score.continuationTokenCount
        token_logprobs = includeTokens ? score.tokenLogProbabilities : nil
    }

    static func json(_ line: ScoreLine) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(line), as: UTF8.self)
    }
}
