import ConsensusScoring
import Dispatch

/// Decodes the continuations of one ``GenerationRequest`` in a context of their own: the prompt
/// once in KV sequence 0, then every live sample one token per `llama_decode`, each sample in a
/// sequence that sees the prompt's cells (`llama_memory_seq_cp`, no copy).
///
/// Samples are admitted while the cache has room for the worst case (each live sample may
/// reach `maxNewTokens` cells) and a sequence id is free; a finished sample frees its cells and
/// its id for the next one. Each sample's first token is drawn from the prompt's last logits.
/// Every sample has its own ``SplitMix64``, seeded from (seed, sample index), so its draws do
/// not depend on the others; the logits it draws from depend on which cells its tokens take in
/// the unified cache, which is fixed by the request, so the same request gives the same
/// samples.
///
/// The prompt stays in sequence 0 afterwards, and the next request reuses the longest run of
/// leading tokens it shares with it (the few-shot exemplars), decoding at least the last two
/// tokens. The kept cells are the ones a fresh decode would fill, and every decode has two or
/// more tokens (one-token decodes take another kernel), so a reused prefix gives bit-identical
/// logits: the samples do not depend on what was generated before (tested).
struct SampleDecoder {
    let context: LlamaContext
    let model: LlamaModel
    let request: GenerationRequest
    let prompt: [Int32]
    /// The tokens sequence 0 holds from the previous request (all other sequences are empty);
    /// empty after `context.clear()`.
    let heldPrompt: [Int32]

    /// One continuation being decoded.
    private struct Sample {
        var sampler: TokenSampler
        var generator: SplitMix64
        var tokens: [Int32] = []
        var logProbabilities: [Double] = []
        var bytes: [UInt8] = []
        var sequence = 0
        var result: GeneratedText?
    }

    private static let promptSequence = 0

    /// Decodes every continuation: the samples in order, then the greedy one if asked for.
    func run() throws -> (continuations: [GeneratedText], tokensEvaluated: Int, decodes: Int) {
        let total = request.samples + (request.includesGreedy ? 1 : 0)
        var samples = (0..<total).map { i in
            let greedy = i == request.samples
            return Sample(
                sampler: TokenSampler(temperature: greedy ? 0 : request.temperature, topP: request.topP),
                generator: SplitMix64(seed: request.sampleSeed(i)))
        }
        let stops = request.stopStrings.map { Array($0.utf8) }

        // 1. The prompt after the prefix kept from the previous request, in batches of two or
        //    more tokens; the last token's logits start every sample.
        let shared = zip(heldPrompt, prompt).prefix { $0 == $1 }.count
        var start = min(shared, max(prompt.count - 2, 0))
        context.truncate(Self.promptSequence, from: start)
        var tokensEvaluated = 0
        var decodes = 0
        var lastRow = 0
        while start < prompt.count {
            var end = min(start + context.batchSize, prompt.count)
            if prompt.count - end == 1 { end -= 1 }
            try context.decode((start..<end).map {
                LlamaContext.Entry(token: prompt[$0], position: $0, sequence: Self.promptSequence, wantsOutput: $0 == prompt.count - 1)
            })
            tokensEvaluated += end - start
            decodes += 1
            lastRow = end - 1 - start
            start = end
        }
        let promptLogits = Array(context.logits(at: lastRow))

        // 2. Admit samples while there is room; decode one token per live sample per step.
        let room = context.cellCount - prompt.count
        var freeSequences = Array((1..<LlamaContext.sequenceLimit).reversed())
        var live: [Int] = []
        var next = 0
        while next < total || !live.isEmpty {
            while next < total, !freeSequences.isEmpty, (live.count + 1) * request.maxNewTokens <= room {
                let i = next
                next += 1
                samples[i].sequence = freeSequences.removeLast()
                context.share(Self.promptSequence, with: samples[i].sequence)
                promptLogits.withUnsafeBufferPointer { accept(&samples[i], samples[i].sampler.draw($0, generator: &samples[i].generator), stops: stops) }
                if samples[i].result == nil { live.append(i) } else { release(samples[i].sequence, into: &freeSequences) }
            }
            guard !live.isEmpty else {
                if next < total { throw ScoringError(.requestTooLong, "the prompt of \(prompt.count) tokens leaves no room for \(request.maxNewTokens) new tokens in the generation context of \(context.cellCount) cells") }
                break
            }
            try context.decode(live.map { i in
                LlamaContext.Entry(
                    token: samples[i].tokens.last!, position: prompt.count + samples[i].tokens.count - 1,
                    sequence: samples[i].sequence, wantsOutput: true)
            })
            tokensEvaluated += live.count
            decodes += 1
            let draws = drawNext(live.map { samples[$0] })
            for (k, i) in live.enumerated() {
                samples[i].generator = draws[k].generator
                accept(&samples[i], (draws[k].token, draws[k].logProbability), stops: stops)
                if samples[i].result != nil { release(samples[i].sequence, into: &freeSequences) }
            }
            live.removeAll { samples[$0].result != nil }
        }
        return (samples.map { $0.result! }, tokensEvaluated, decodes)
    }

    /// Each live sample's next token, from batch row k, drawn on up to `context.threads` threads
    /// (a draw uses only its own sample's generator).
    private func drawNext(_ live: [Sample]) -> [(token: Int32, logProbability: Double, generator: SplitMix64)] {
        nonisolated(unsafe) let rows = live.indices.map { context.logits(at: $0) }
        var out = live.map { (token: Int32(0), logProbability: 0.0, generator: $0.generator) }
        out.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let results = buffer
            let lanes = max(1, min(context.threads, live.count))
            DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                for k in stride(from: lane, to: live.count, by: lanes) {
                    var generator = results[k].generator
                    let draw = live[k].sampler.draw(rows[k], generator: &generator)
                    results[k] = (draw.token, draw.logProbability, generator)
                }
            }
        }
        return out
    }

    /// Adds a drawn token to `sample`, finishing it on an end-of-generation token, a stop string
    /// or the token limit.
    private func accept(_ sample: inout Sample, _ draw: (token: Int32, logProbability: Double), stops: [[UInt8]]) {
        func finish(_ reason: StopReason, textBytes: ArraySlice<UInt8>) {
            sample.result = GeneratedText(
                text: String(decoding: textBytes, as: UTF8.self), tokens: sample.tokens,
                tokenLogProbabilities: sample.logProbabilities, stopReason: reason)
        }
        if model.isEndOfGeneration(draw.token) { return finish(.endOfText, textBytes: sample.bytes[...]) }
        let before = sample.bytes.count
        sample.tokens.append(draw.token)
        sample.logProbabilities.append(draw.logProbability)
        sample.bytes += model.pieceBytes(draw.token)
        // The earliest stop string that the new bytes complete.
        var cut: Int?
        for stop in stops {
            var from = max(0, before - stop.count + 1)
            while from + stop.count <= sample.bytes.count {
                if sample.bytes[from..<(from + stop.count)].elementsEqual(stop) {
                    cut = min(cut ?? from, from)
                    break
                }
                from += 1
            }
        }
        if let cut { return finish(.stopString, textBytes: sample.bytes[..<cut]) }
        if sample.tokens.count >= request.maxNewTokens { finish(.maxTokens, textBytes: sample.bytes[...]) }
    }

    private func release(_ sequence: Int, into free: inout [Int]) {
        context.truncate(sequence)
        free.append(sequence)
    }
}
