import ArgumentParser
import ConsensusRanking

/// `--apply-chat-template` and `--system-instruction`, lm-evaluation-harness's names, for the
/// commands that build prompts (rank, eval): each prompt becomes the user turn of the model's own
/// chat template (docs/templates.md, "Chat formatting").
struct ChatOptions: ParsableArguments {
    @Flag(help: "Wrap each prompt in the model's chat template (from its GGUF metadata) as the user turn; the candidate or label is the assistant's reply. In-process engine only.")
    var applyChatTemplate = false

    @Option(help: "The chat template's system turn (needs --apply-chat-template).")
    var systemInstruction: String?

    func validate() throws {
        if systemInstruction != nil && !applyChatTemplate {
            throw ValidationError("--system-instruction is the chat template's system turn; it needs --apply-chat-template")
        }
    }

    /// Refuses chat formatting through a remote engine (`--engine URL`): it has no GGUF metadata
    /// to read a chat template from, and its server would parse special-token text anywhere.
    func validate(remote: RemoteOptions) throws {
        if applyChatTemplate && remote.url != nil {
            throw ValidationError(
                "--apply-chat-template needs the model's chat template, which only the in-process llama.cpp engine reads (from the GGUF file's metadata); a remote engine (--engine) cannot apply one")
        }
    }

    /// The chat formatting asked for; nil for plain prompts.
    var formatting: ChatFormatting? {
        applyChatTemplate ? ChatFormatting(systemInstruction: systemInstruction) : nil
    }
}
