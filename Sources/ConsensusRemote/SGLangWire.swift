/// Requests and answers of SGLang's native API (`/generate`, `/get_model_info`), as its
/// documentation describes them; only the fields the engine reads are declared.
enum SGLangWire {
    struct GenerateRequest: Encodable {
        struct SamplingParams: Encodable {
            var max_new_tokens: Int
            var temperature = 0.0
        }
        var input_ids: [[Int32]]?
        var text: [String]?
        var sampling_params: SamplingParams
        var return_logprob = true
        var logprob_start_len = 0
        var top_logprobs_num = 1
        /// Token ids whose log-probabilities are wanted at every input position.
        var token_ids_logprob: [Int32]?
    }

    /// One sample of one text prompt, with the sampled tokens' log-probabilities.
    struct SampleRequest: Encodable {
        struct SamplingParams: Encodable {
            var max_new_tokens: Int
            var temperature: Double
            var top_p: Double
            var stop: [String]?
            /// Honoured by servers started with `--enable-deterministic-inference`.
            var sampling_seed: Int64?
        }
        var text: String
        var sampling_params: SamplingParams
        var return_logprob = true
    }

    /// One `[logprob, token_id, text]` entry; the log-probability is null for the first token.
    struct Entry: Decodable, Hashable {
        var logProbability: Double?
        var token: Int32

        init(from decoder: Decoder) throws {
            var c = try decoder.unkeyedContainer()
            logProbability = try c.decodeNil() ? nil : try c.decode(Double.self)
            token = try c.decode(Int32.self)
        }
    }

    /// The answer for one prompt, to a scoring or a sample request.
    struct GenerateResponse: Decodable {
        struct MetaInfo: Decodable {
            struct FinishReason: Decodable {
                /// `stop`, `length` or `abort`.
                var type: String
                var matched: RemoteStopValue?
                var message: String?
            }
            var finish_reason: FinishReason?
            var output_token_logprobs: [Entry]?
            var input_token_logprobs: [Entry]?
            /// Per input position, the top tokens (null where none were computed).
            var input_top_logprobs: [[Entry]?]?
            /// Per input position, the entries of the `token_ids_logprob` tokens.
            var input_token_ids_logprobs: [[Entry]?]?
        }
        var text: String?
        var meta_info: MetaInfo
    }

    /// `/generate` answers a list for a batch; a single object is accepted too.
    struct GenerateResponses: Decodable {
        var items: [GenerateResponse]
        init(from decoder: Decoder) throws {
            if let list = try? [GenerateResponse](from: decoder) {
                items = list
            } else {
                items = [try GenerateResponse(from: decoder)]
            }
        }
    }

    struct ModelInfo: Decodable {
        var model_path: String
        var tokenizer_path: String?
        var is_generation: Bool?
    }
}
