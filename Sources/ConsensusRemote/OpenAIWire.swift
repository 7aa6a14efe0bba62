/// Requests and answers of the OpenAI-compatible API, as vLLM documents them; only the fields
/// the engine reads are declared.
enum OpenAIWire {
    struct CompletionRequest: Encodable {
        enum Prompt: Encodable {
            case tokens([[Int32]])
            case texts([String])
            func encode(to encoder: Encoder) throws {
                var c = encoder.singleValueContainer()
                switch self {
                case .tokens(let t): try c.encode(t)
                case .texts(let t): try c.encode(t)
                }
            }
        }
        var model: String
        var prompt: Prompt
        var max_tokens: Int
        var echo = true
        var logprobs = 1
        var temperature = 0.0
    }

    /// The answer to an echo (scoring) or a sample request.
    struct CompletionResponse: Decodable {
        struct Choice: Decodable {
            var index: Int
            var text: String?
            /// `stop` (a stop string or an end-of-sequence token) or `length`.
            var finish_reason: String?
            /// vLLM: the stop string or stop token that ended the sample; null for end of sequence.
            var stop_reason: RemoteStopValue?
            var logprobs: LogProbs?
        }
        struct LogProbs: Decodable {
            /// With vLLM's `return_tokens_as_token_ids`, `token_id:N`.
            var tokens: [String]?
            var token_logprobs: [Double?]
            var top_logprobs: [[String: Double]?]?
        }
        var choices: [Choice]
    }

    /// One sample of one text prompt, with the sampled tokens' log-probabilities.
    struct SampleRequest: Encodable {
        var model: String
        var prompt: String
        var max_tokens: Int
        var temperature: Double
        var top_p: Double
        var seed: Int64?
        var stop: [String]?
        var n = 1
        var logprobs = 1
        /// vLLM: `logprobs.tokens` as `token_id:N`.
        var return_tokens_as_token_ids = true
    }

    struct TokenizeRequest: Encodable {
        var model: String
        var prompt: String
        var add_special_tokens = true
    }

    struct TokenizeResponse: Decodable {
        var tokens: [Int32]
    }

    struct ModelList: Decodable {
        struct Model: Decodable {
            var id: String
            var owned_by: String?
            var root: String?
            var max_model_len: Int?
            /// `consensus serve`'s SHA-256 of the GGUF file.
            var sha256: String?
        }
        var data: [Model]
    }
}
