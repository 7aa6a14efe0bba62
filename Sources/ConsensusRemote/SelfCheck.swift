import ConsensusScoring
import Foundation
import Logging

/// The start-up check that a server's prompt log-probabilities are the ones scoring needs:
/// present, one per prompt token, and aligned with the token they score.
///
/// It echoes two prompts that differ only in their last token: A = "The capital of France is
/// Paris" and B = the same with " Paris" replaced (by the token before it in token-id mode, by
/// " is" in text mode). A causal model gives the two the same log-probabilities at every
/// position but the last, and different ones at the last (" Paris" and " is" are far apart after
/// "France is"). A server that returns entry i from the distribution that predicts token i + 1
/// (llama-cpp-python's) shows the difference one position early; a server without prompt
/// log-probabilities (llama.cpp's llama-server) returns nulls or nothing. Either is refused with a
/// message saying so. The check needs no generation, so it works with `max_tokens` 0.
struct SelfCheck {
    static let text = "The capital of France is Paris"
    static let alternative = "The capital of France is is"
    /// Largest difference accepted between A and B before the last position (servers on GPUs
    /// are not bit-reproducible across batches).
    static let tolerance = 0.05
    /// Smallest difference required at the last position.
    static let minimumLastDifference = 0.5

    let scorer: RemoteScorer

    /// Runs the check; returns A's log-probabilities (positions 1…), which fingerprint the model.
    /// - Throws: ``ScoringError`` (`.unsupportedModel`) naming what is wrong with the server.
    func run() async throws -> [Double] {
        let a: RemotePrompt
        let b: RemotePrompt
        var expected: Int?
        if scorer.tokenIDs {
            guard let tokens = try await scorer.api.tokenize(Self.text, model: scorer.modelID), tokens.count >= 3 else {
                throw refuse("its /tokenize gave fewer than 3 tokens for \"\(Self.text)\"")
            }
            let replacement = tokens[tokens.count - 2] != tokens.last! ? tokens[tokens.count - 2] : tokens[0]
            a = .tokens(tokens)
            b = .tokens(tokens.dropLast() + [replacement])
            expected = tokens.count
        } else {
            a = .text(Self.text)
            b = .text(Self.alternative)
        }
        let echoes = try await scorer.echo([a, b]).echoes
        let (x, y) = (echoes[0].logProbabilities, echoes[1].logProbabilities)
        let n = x.count
        if n == 0 || x.dropFirst().allSatisfy({ $0 == nil }) {
            throw refuse("it returns no prompt log-probabilities (echo with logprobs gave \(n == 0 ? "no entries" : "only nulls")); llama.cpp's llama-server is one such server")
        }
        if let expected, n != expected {
            throw refuse("it returned \(n) prompt log-probabilities for a prompt of \(expected) tokens")
        }
        guard n >= 3, y.count == n else {
            throw refuse("it encoded \"\(Self.text)\" and \"\(Self.alternative)\" into \(n) and \(y.count) tokens; use a server with /tokenize")
        }
        let values = try (1..<n).map { i -> (Double, Double) in
            guard let u = x[i], let v = y[i], u.isFinite, v.isFinite, u <= 1e-6, v <= 1e-6 else {
                throw refuse("its prompt log-probability at position \(i) is \(x[i].map { "\($0)" } ?? "null"), not a log-probability")
            }
            return (u, v)
        }
        let earlier = values.dropLast().map { abs($0.0 - $0.1) }.max() ?? 0
        let last = abs(values.last!.0 - values.last!.1)
        if earlier > Self.tolerance {
            throw refuse(String(
                format: "its prompt log-probabilities are shifted by one position: changing the last token changed the entry before it by %.3f (entry i is scored with the distribution that predicts token i + 1, as llama-cpp-python's server does)", earlier))
        }
        if last < Self.minimumLastDifference {
            throw refuse(String(format: "its prompt log-probabilities do not depend on the token they score (the last entry changed by %.3f when the last token did)", last))
        }
        return values.map(\.0)
    }

    /// The best ``PlanRoute`` the server offers whose reads of the check's prompt agree with its
    /// plain echo (within ``tolerance``): vLLM's token route, else `/v1/completions` with
    /// `logprob_token_ids`; nil (plain echo) when neither does, the reason logged.
    func planRoute(_ api: OpenAICompletionsAPI, echoed: [Double], logger: Logger) async throws -> PlanRoute? {
        guard let tokens = try await scorer.api.tokenize(Self.text, model: scorer.modelID), tokens.count == echoed.count + 1 else { return nil }
        let plan = EchoPlan([(prompt: [tokens[0]], continuation: Array(tokens.dropFirst()))])
        let prompt = plan.prompts[0]
        var candidates: [(PlanRoute, String)] = []
        let tokenRoute = VLLMTokenRoute(http: api.http)
        if try await tokenRoute.available(model: scorer.modelID, probe: tokens) { candidates.append((.tokens(tokenRoute), VLLMTokenRoute.path)) }
        candidates.append((.completions(api), "/v1/completions"))
        for (route, path) in candidates {
            let answer: (echo: [Double?], next: [Int32: Double])
            do {
                switch route {
                case .tokens(let api):
                    let read = try await api.read(prompt, firstRead: 1, model: scorer.modelID)
                    answer = (read.echo, read.next)
                case .completions(let api):
                    let read = try await api.echo([prompt.tokens], next: prompt.next, model: scorer.modelID).answers[0]
                    answer = (read.echo.logProbabilities, read.next)
                }
            } catch let error as ScoringError {
                logger.debug("not scoring through \(path)", metadata: ["url": "\(scorer.settings.baseURL)", "reason": "\(error.message)"])
                continue
            }
            let read = plan.reads[0].map { read -> Double in
                switch read {
                case .echo(_, let position): answer.echo[position] ?? .infinity
                case .next(_, let column): answer.next[prompt.next[column]] ?? .infinity
                }
            }
            let difference = zip(read, echoed).map { abs($0 - $1) }.max() ?? .infinity
            if difference <= Self.tolerance { return route }
            logger.debug("not scoring through \(path): it disagrees with echo", metadata: ["url": "\(scorer.settings.baseURL)", "difference": "\(difference)"])
        }
        return nil
    }

    private func refuse(_ reason: String) -> ScoringError {
        ScoringError(.unsupportedModel, "refusing \(scorer.settings.baseURL) (\(scorer.settings.kind.rawValue) API): \(reason); its scores would be wrong")
    }
}
