/// A group's scoring requests read from as few echoed prompts as possible, on a server that
/// also gives the log-probabilities of chosen token ids at the position after an echoed prompt
/// (vLLM's `logprob_token_ids` with `echo` and `max_tokens: 1`).
///
/// Each request is read from a prompt that extends it (its tokens are echoed entries there), or
/// from a prompt that is the request minus its last token (that token is read after the prompt).
/// So the generator's `prompt + candidate`, which the discriminator's prompt begins with, is read
/// inside the discriminator's prompt, and the discriminator's labels are ids read after it: one
/// prompt, where plain echo sends three. Each prompt is sent once.
struct EchoPlan: Sendable, Equatable {
    struct Prompt: Sendable, Equatable {
        var tokens: [Int32]
        /// The ids read at the position after the prompt.
        var next: [Int32]
    }

    /// Where one token of a request is read.
    enum Read: Sendable, Equatable {
        /// The echoed entry at `position` of prompt `prompt`.
        case echo(prompt: Int, position: Int)
        /// Id `next[column]` after prompt `prompt`.
        case next(prompt: Int, column: Int)
    }

    var prompts: [Prompt]
    /// For each request, where each of its continuation's tokens is read, in order.
    var reads: [[Read]]

    /// - Parameter requests: each request's prompt and continuation tokens (both non-empty).
    init(_ requests: [(prompt: [Int32], continuation: [Int32])]) {
        var prompts: [Prompt] = []
        var reads = [[Read]](repeating: [], count: requests.count)
        // Longest first, so that a request is read from a prompt already made wherever one extends it.
        let order = requests.indices.sorted {
            (requests[$0].prompt.count + requests[$0].continuation.count, $1) > (requests[$1].prompt.count + requests[$1].continuation.count, $0)
        }
        for i in order {
            let (prompt, continuation) = requests[i]
            let sequence = prompt + continuation
            let positions = prompt.count..<sequence.count
            if let x = prompts.firstIndex(where: { $0.tokens.starts(with: sequence) }) {
                reads[i] = positions.map { .echo(prompt: x, position: $0) }
                continue
            }
            let stem = Array(sequence.dropLast())
            let x = prompts.firstIndex { $0.tokens == stem } ?? prompts.count
            if x == prompts.count { prompts.append(Prompt(tokens: stem, next: [])) }
            let column = prompts[x].next.firstIndex(of: sequence.last!) ?? prompts[x].next.count
            if column == prompts[x].next.count { prompts[x].next.append(sequence.last!) }
            reads[i] = positions.dropLast().map { .echo(prompt: x, position: $0) } + [.next(prompt: x, column: column)]
        }
        self.prompts = prompts
        self.reads = reads
    }
}
