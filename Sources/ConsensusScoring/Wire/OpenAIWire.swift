/// The OpenAI-compatible completions API as vLLM documents it: what `consensus serve` answers
/// and what the remote engine reads, one set of types for both. Keys are the API's own
/// (snake_case); fields that servers may leave out are optional.
public enum OpenAIWire {
    /// `POST /v1/completions` as the remote engine sends it (scoring with echo, or sampling).
    public struct CompletionRequest: Encodable, Sendable {
        /// One text prompt, or a list of token-id prompts or of text prompts.
        public enum Prompt: Encodable, Sendable {
            case text(String)
            case tokens([[Int32]])
            case texts([String])
            public func encode(to encoder: Encoder) throws {
                var c = encoder.singleValueContainer()
                switch self {
                case .text(let t): try c.encode(t)
                case .tokens(let t): try c.encode(t)
                case .texts(let t): try c.encode(t)
                }
            }
        }
        public var model: String
        public var prompt: Prompt
        public var max_tokens: Int
        public var echo: Bool?
        public var logprobs: Int?
        public var temperature: Double?
        public var top_p: Double?
        public var seed: Int64?
        public var stop: [String]?
        public var n: Int?
        /// vLLM: `logprobs.tokens` as `token_id:N`.
        public var return_tokens_as_token_ids: Bool?
        /// vLLM: the log-probabilities of these ids at each generated position (in `top_logprobs`).
        public var logprob_token_ids: [Int32]?

        /// A scoring request: every prompt token's log-probability (echo), greedy tokens after.
        public static func echo(model: String, prompt: Prompt, maxTokens: Int) -> CompletionRequest {
            CompletionRequest(model: model, prompt: prompt, max_tokens: maxTokens, echo: true, logprobs: 1, temperature: 0)
        }

        /// A scoring request that also reads `ids` at the position after each prompt (vLLM's
        /// `logprob_token_ids`): every prompt token's log-probability (echo), then one generated
        /// token whose `top_logprobs` hold the ids', keyed `token_id:N`.
        public static func echo(model: String, prompts: [[Int32]], next ids: [Int32]) -> CompletionRequest {
            CompletionRequest(
                model: model, prompt: .tokens(prompts), max_tokens: 1, echo: true, logprobs: 1, temperature: 0,
                return_tokens_as_token_ids: true, logprob_token_ids: ids)
        }

        /// One sample of one text prompt, with the sampled tokens' log-probabilities.
        public static func sample(
            model: String, prompt: String, maxTokens: Int, temperature: Double, topP: Double, seed: Int64?, stop: [String]?
        ) -> CompletionRequest {
            CompletionRequest(
                model: model, prompt: .text(prompt), max_tokens: maxTokens, logprobs: 1, temperature: temperature, top_p: topP,
                seed: seed, stop: stop, n: 1, return_tokens_as_token_ids: true)
        }
    }

    /// The answer to an echo (scoring) or a sample request.
    public struct CompletionResponse: Codable, Sendable {
        public struct Choice: Codable, Sendable {
            public var index: Int
            public var text: String?
            public var logprobs: LogProbs?
            /// `stop` (a stop string or an end-of-sequence token) or `length`.
            public var finish_reason: String?
            /// vLLM: the stop string or stop token that ended the sample; null for end of sequence.
            public var stop_reason: StopValue?

            public init(index: Int, text: String?, logprobs: LogProbs?, finish_reason: String?, stop_reason: StopValue? = nil) {
                self.index = index
                self.text = text
                self.logprobs = logprobs
                self.finish_reason = finish_reason
                self.stop_reason = stop_reason
            }
        }
        public struct LogProbs: Codable, Sendable {
            /// With vLLM's `return_tokens_as_token_ids`, `token_id:N`.
            public var tokens: [String]?
            /// null for the first prompt token, which nothing predicts.
            public var token_logprobs: [Double?]
            public var top_logprobs: [[String: Double]?]?
            public var text_offset: [Int]?

            public init(tokens: [String]?, token_logprobs: [Double?], top_logprobs: [[String: Double]?]?, text_offset: [Int]?) {
                self.tokens = tokens
                self.token_logprobs = token_logprobs
                self.top_logprobs = top_logprobs
                self.text_offset = text_offset
            }
        }
        public struct Usage: Codable, Sendable {
            public var prompt_tokens: Int
            public var completion_tokens: Int
            public var total_tokens: Int
            /// `consensus serve`'s own field: the tokens its model evaluated for this request, after
            /// prefix sharing and its score cache (its share of the batch it was scored in).
            /// vLLM and SGLang do not send it.
            public var evaluated_tokens: Int?
            /// vLLM with `--enable-prompt-tokens-details`: tokens read from its prefix cache.
            public var prompt_tokens_details: PromptTokensDetails?
            public struct PromptTokensDetails: Codable, Sendable {
                public var cached_tokens: Int?
            }
            public init(prompt_tokens: Int, completion_tokens: Int, evaluated_tokens: Int? = nil) {
                self.prompt_tokens = prompt_tokens
                self.completion_tokens = completion_tokens
                total_tokens = prompt_tokens + completion_tokens
                self.evaluated_tokens = evaluated_tokens
            }
        }
        public var id: String?
        public var object: String?
        public var created: Int?
        public var model: String?
        public var choices: [Choice]
        public var usage: Usage?

        public init(id: String?, object: String?, created: Int?, model: String?, choices: [Choice], usage: Usage?) {
            self.id = id
            self.object = object
            self.created = created
            self.model = model
            self.choices = choices
            self.usage = usage
        }
    }

    /// Why a server says a sample stopped: vLLM's `stop_reason` and SGLang's
    /// `finish_reason.matched` are the stop string, or the id of the stop token.
    public enum StopValue: Codable, Sendable, Hashable {
        case text(String)
        case token(Int)

        public init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let text = try? c.decode(String.self) { self = .text(text) } else { self = .token(try c.decode(Int.self)) }
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .text(let t): try c.encode(t)
            case .token(let t): try c.encode(t)
            }
        }
    }

    /// `POST /tokenize` (vLLM's shape).
    public struct TokenizeRequest: Codable, Sendable {
        public var model: String?
        public var prompt: String
        public var add_special_tokens: Bool?
        public init(model: String?, prompt: String, add_special_tokens: Bool? = true) {
            self.model = model
            self.prompt = prompt
            self.add_special_tokens = add_special_tokens
        }
    }

    public struct TokenizeResponse: Codable, Sendable {
        public var count: Int?
        public var max_model_len: Int?
        public var tokens: [Int32]
        public init(count: Int?, max_model_len: Int?, tokens: [Int32]) {
            self.count = count
            self.max_model_len = max_model_len
            self.tokens = tokens
        }
    }

    /// `GET /v1/models`.
    public struct ModelList: Codable, Sendable {
        public struct Model: Codable, Sendable {
            public var id: String
            public var object: String?
            public var owned_by: String?
            public var root: String?
            public var max_model_len: Int?
            /// `consensus serve`'s SHA-256 of the GGUF file.
            public var sha256: String?
            public init(id: String, object: String?, owned_by: String?, root: String?, max_model_len: Int?, sha256: String?) {
                self.id = id
                self.object = object
                self.owned_by = owned_by
                self.root = root
                self.max_model_len = max_model_len
                self.sha256 = sha256
            }
        }
        public var object: String?
        public var data: [Model]
        public init(object: String?, data: [Model]) {
            self.object = object
            self.data = data
        }
    }

    /// An error answer: `{"error": {"message", "type", "param", "code"}}`.
    public struct ErrorResponse: Codable, Sendable {
        public struct Detail: Codable, Sendable {
            public var message: String
            public var type: String
            public var param: String?
            public var code: Int?
            public init(message: String, type: String, param: String?, code: Int?) {
                self.message = message
                self.type = type
                self.param = param
                self.code = code
            }
        }
        public var error: Detail
        public init(error: Detail) { self.error = error }
    }
}
