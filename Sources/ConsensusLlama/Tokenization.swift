import ConsensusScoring
import Dispatch
import Foundation

/// How a (prompt, continuation) request becomes tokens, following lm-evaluation-harness 0.4:
///
/// 1. Trailing whitespace of the prompt moves to the start of the continuation.
/// 2. The prompt is encoded alone, and prompt + continuation is encoded as one string; the
///    continuation's tokens are the whole string's tokens after the prompt's token count. (At a
///    boundary where the two texts would merge into one token, the split follows the harness.)
/// 3. The model input is the prompt's tokens followed by the continuation's.
/// 4. BOS comes first when the model's metadata asks for it (SmolLM2 does not), unlike the
///    harness's Hugging Face backend, which adds none by default; an empty prompt becomes the
///    BOS token alone, as in the harness.
///
/// A chat prompt (``ContinuationRequest/parts`` with markup) is encoded part by part instead:
/// the template's markup with special-token text parsed, written text (the question, the system
/// instruction) with it kept as text, and the parts' tokens laid end to end, BOS first when the
/// model asks for it and the markup does not begin with it. The continuation, what the assistant
/// says, is encoded on its own; no whitespace moves, since the prompt ends in markup.
struct Tokenization {
    let model: LlamaModel
    let addBOS: Bool

    func split(_ request: ContinuationRequest) throws -> (prompt: [Int32], continuation: [Int32]) {
        try split([request], workers: 1)[0]
    }

    /// The tokens of each request, as `split(_:)` gives them; strings are encoded on up to
    /// `workers` threads, and a prompt shared by several requests once.
    /// - Throws: the error of the first request (in order) that cannot be split; a
    ///   ``ScoringError`` names it by its index (``ScoringError/request``).
    func split(_ requests: [ContinuationRequest], workers: Int) throws -> [(prompt: [Int32], continuation: [Int32])] {
        let chat = requests.indices.filter { requests[$0].hasMarkup }
        guard !chat.isEmpty else { return try Self.values(splitPlain(requests, workers: workers)) }
        let plain = requests.indices.filter { !requests[$0].hasMarkup }
        var results = [Result<(prompt: [Int32], continuation: [Int32]), Error>](repeating: .success(([], [])), count: requests.count)
        for (index, result) in zip(plain, splitPlain(plain.map { requests[$0] }, workers: workers)) { results[index] = result }
        for (index, result) in zip(chat, splitChat(chat.map { requests[$0] }, workers: workers)) { results[index] = result }
        return try Self.values(results)
    }

    /// The results' values, or the first failure; a ``ScoringError`` says which request failed.
    private static func values<T>(_ results: [Result<T, Error>]) throws -> [T] {
        try results.enumerated().map { index, result in
            do { return try result.get() } catch var error as ScoringError {
                error.request = error.request ?? index
                throw error
            }
        }
    }

    /// A piece of text to encode, and whether its special-token text is parsed.
    private struct Piece: Hashable {
        var text: String
        var parseSpecial: Bool
    }

    /// Chat prompts: each distinct part, and each continuation, encoded once; a prompt is its
    /// parts' tokens end to end.
    private func splitChat(_ requests: [ContinuationRequest], workers: Int) -> [Result<(prompt: [Int32], continuation: [Int32]), Error>] {
        var distinct = Set<Piece>()
        for request in requests {
            for part in request.parts where !part.text.isEmpty { distinct.insert(Piece(text: part.text, parseSpecial: part.isMarkup)) }
            distinct.insert(Piece(text: request.continuation, parseSpecial: false))
        }
        let pieces = Array(distinct)
        let encoded = Dictionary(uniqueKeysWithValues: zip(pieces, encode(pieces.map { ($0.text, false, $0.parseSpecial) }, workers: workers)))
        return requests.map { request in
            Result {
                guard !request.continuation.isEmpty else {
                    throw ScoringError(.emptyContinuation, "the continuation after prompt \(Self.quote(request.prompt)) is empty")
                }
                var prompt = try request.parts.filter { !$0.text.isEmpty }.flatMap {
                    try encoded[Piece(text: $0.text, parseSpecial: $0.isMarkup)]!.get()
                }
                if prompt.isEmpty || (addBOS && prompt.first != model.bos) { prompt.insert(model.bos, at: 0) }
                let continuation = try encoded[Piece(text: request.continuation, parseSpecial: false)]!.get()
                guard !continuation.isEmpty else {
                    throw ScoringError(.emptyContinuation, "continuation \(Self.quote(request.continuation)) has no tokens after prompt \(Self.quote(request.prompt))")
                }
                return (prompt, continuation)
            }
        }
    }

    /// Plain prompts, as lm-evaluation-harness splits them; one result per request.
    private func splitPlain(_ requests: [ContinuationRequest], workers: Int) -> [Result<(prompt: [Int32], continuation: [Int32]), Error>] {
        // 1. Trailing whitespace of the prompt moves to the continuation.
        let texts = requests.map { request in
            var prompt = Substring(request.prompt)
            let trailing = prompt.reversed().prefix(while: \.isWhitespace).count
            prompt = prompt.dropLast(trailing)
            return (prompt: String(prompt), continuation: String(request.prompt.suffix(trailing)) + request.continuation)
        }
        // 2. Encode each distinct prompt, and each whole string, once.
        let prompts = Array(Set(texts.map(\.prompt).filter { !$0.isEmpty }))
        // After an empty prompt (the BOS token alone) the continuation is encoded without BOS.
        let wholes = texts.map { $0.prompt.isEmpty ? ($0.continuation, false) : ($0.prompt + $0.continuation, addBOS) }
        let encoded = encode(prompts.map { ($0, addBOS, false) } + wholes.map { ($0.0, $0.1, false) }, workers: workers)
        let promptTokens = Dictionary(uniqueKeysWithValues: zip(prompts, encoded.prefix(prompts.count)))
        // 3. The continuation is what follows the prompt's tokens.
        return texts.enumerated().map { index, text in
            Result {
                let (prompt, continuation) = text
                guard !continuation.isEmpty else {
                    throw ScoringError(.emptyContinuation, "the continuation after prompt \(Self.quote(requests[index].prompt)) is empty")
                }
                let whole = try encoded[prompts.count + index].get()
                let tokens: (prompt: [Int32], continuation: [Int32])
                if prompt.isEmpty {
                    tokens = ([model.bos], whole)
                } else {
                    let head = try promptTokens[prompt]!.get()
                    tokens = (head, Array(whole.dropFirst(head.count)))
                }
                guard !tokens.continuation.isEmpty else {
                    throw ScoringError(.emptyContinuation, "continuation \(Self.quote(requests[index].continuation)) has no tokens of its own after prompt \(Self.quote(requests[index].prompt))")
                }
                return tokens
            }
        }
    }

    /// `model.tokenize` of each text, on up to `workers` threads.
    private func encode(_ texts: [(text: String, addBOS: Bool, parseSpecial: Bool)], workers: Int) -> [Result<[Int32], Error>] {
        var results = [Result<[Int32], Error>](repeating: .success([]), count: texts.count)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            let lanes = max(1, min(workers, texts.count))
            DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                for i in stride(from: lane, to: texts.count, by: lanes) {
                    out[i] = Result { try model.tokenize(texts[i].text, addBOS: texts[i].addBOS, parseSpecial: texts[i].parseSpecial) }
                }
            }
        }
        return results
    }

    static func quote(_ text: String) -> String {
        let short = text.count > 60 ? text.prefix(57) + "…" : Substring(text)
        return "\"\(short.replacingOccurrences(of: "\n", with: "\\n"))\""
    }
}
