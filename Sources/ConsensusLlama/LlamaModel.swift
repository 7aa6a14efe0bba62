internal import CLlama
import ConsensusScoring
import Foundation

/// A GGUF model loaded by llama.cpp: owns the `llama_model` and frees it on deinit.
///
/// Thread-safety: the weights are read-only after loading and llama.cpp's tokenizer is
/// thread-safe, so one model may serve several contexts and tasks.
final class LlamaModel: @unchecked Sendable {
    let pointer: OpaquePointer
    let vocab: OpaquePointer
    let path: String
    let name: String
    let architecture: String
    let vocabularySize: Int
    let trainedContextLength: Int
    let addsBOS: Bool
    /// Whether every tensor is F32, F16 or BF16 (`general.file_type` 0, 1 or 32): then no K-quant
    /// kernel runs, and how they run changes no score.
    let floatsOnly: Bool
    let bos: Int32
    /// Layers, width (n_embd) and weights: what sizes a pack of groups
    /// (``LlamaEngineSettings/packTokens(layers:width:parameters:)``).
    let layerCount: Int
    let width: Int
    let parameterCount: Int

    /// Loads `path` on the CPU.
    /// - Throws: ``ScoringError`` naming the file: missing, not a GGUF file, an architecture this
    ///   llama.cpp build does not know, or too little memory.
    init(path: String) throws {
        _ = LlamaBackend.initialised
        try LlamaBackend.checkBuild()
        let url = URL(fileURLWithPath: path)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ScoringError(.modelNotFound, "model file \(path) does not exist (run scripts/setup.sh for the default model, or pass --model PATH)")
        }
        let header = (try? FileHandle(forReadingFrom: url).read(upToCount: 4)) ?? Data()
        guard header == Data("GGUF".utf8) else {
            throw ScoringError(.notAModel, "model file \(path) is not a GGUF file (its first bytes are not \"GGUF\")")
        }
        var params = llama_model_default_params()
        params.n_gpu_layers = 0
        params.use_extra_bufts = false  // no AMX or repacked weights: the plain CPU kernels, same numerics everywhere
        guard let model = llama_model_load_from_file(path, params) else {
            let arch = LlamaModel.ggufArchitecture(url) ?? "unknown"
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            let available = LlamaModel.availableMemory()
            if let available, size > available {
                throw ScoringError(.outOfMemory, "model file \(path) (\(size >> 20) MiB) does not fit in the \(available >> 20) MiB of memory available")
            }
            throw ScoringError(.unsupportedModel, "llama.cpp b11434 could not load \(path) (architecture \"\(arch)\"): an unsupported architecture or a damaged file; set CONSENSUS_LLAMA_LOG=1 to see llama.cpp's reason")
        }
        pointer = model
        vocab = llama_model_get_vocab(model)
        self.path = path
        name = LlamaModel.metadata(model, "general.name") ?? url.deletingPathExtension().lastPathComponent
        architecture = LlamaModel.metadata(model, "general.architecture") ?? "unknown"
        vocabularySize = Int(llama_vocab_n_tokens(vocab))
        trainedContextLength = Int(llama_model_n_ctx_train(model))
        addsBOS = llama_vocab_get_add_bos(vocab)
        floatsOnly = LlamaModel.metadata(model, "general.file_type").flatMap(Int.init).map { [0, 1, 32].contains($0) } ?? false
        bos = llama_vocab_bos(vocab)
        layerCount = Int(llama_model_n_layer(model))
        width = Int(llama_model_n_embd(model))
        parameterCount = Int(llama_model_n_params(model))
    }

    deinit { llama_model_free(pointer) }

    /// Tokens of `text`, with the model's BOS first when `addBOS`. Special-token text is kept as
    /// plain text unless `parseSpecial`, which only a chat template's own markup asks for.
    func tokenize(_ text: String, addBOS: Bool, parseSpecial: Bool = false) throws -> [Int32] {
        let utf8 = Array(text.utf8)
        var capacity = utf8.count + 2
        while true {
            var tokens = [Int32](repeating: 0, count: capacity)
            let n = utf8.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    llama_tokenize(vocab, chars.baseAddress, Int32(chars.count), &tokens, Int32(capacity), addBOS, parseSpecial)
                }
            }
            if n >= 0 { return Array(tokens[..<Int(n)]) }
            guard n != Int32.min else {
                throw ScoringError(.requestTooLong, "text of \(utf8.count) bytes is too long to tokenize")
            }
            capacity = Int(-n)
        }
    }

    /// The text of one token (for diagnostics).
    func piece(_ token: Int32) -> String {
        String(decoding: pieceBytes(token), as: UTF8.self)
    }

    /// The UTF-8 bytes of one token's text (a token may hold part of a character); special
    /// tokens render as nothing.
    func pieceBytes(_ token: Int32) -> [UInt8] {
        var buffer = [CChar](repeating: 0, count: 64)
        var n = llama_token_to_piece(vocab, token, &buffer, Int32(buffer.count), 0, false)
        if n < 0 {
            buffer = [CChar](repeating: 0, count: Int(-n))
            n = llama_token_to_piece(vocab, token, &buffer, Int32(buffer.count), 0, false)
        }
        guard n > 0 else { return [] }
        return buffer[..<Int(n)].map { UInt8(bitPattern: $0) }
    }

    /// Whether `token` ends a generation (EOS, EOT and the like, from the GGUF's vocabulary).
    func isEndOfGeneration(_ token: Int32) -> Bool { llama_vocab_is_eog(vocab, token) }

    private static func metadata(_ model: OpaquePointer, _ key: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 512)
        let n = llama_model_meta_val_str(model, key, &buffer, buffer.count)
        guard n >= 0 else { return nil }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `general.architecture` read from the GGUF header without llama.cpp (for error messages).
    private static func ggufArchitecture(_ url: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url),
            let head = try? handle.read(upToCount: 1 << 16)
        else { return nil }
        let key = Data("general.architecture".utf8)
        guard let range = head.range(of: key), head.count >= range.upperBound + 12 else { return nil }
        // key, then u32 type (8 = string), then u64 length, then the bytes
        let lengthStart = range.upperBound + 4
        let length = head[lengthStart..<lengthStart + 8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        guard length < 256, head.count >= lengthStart + 8 + length else { return nil }
        return String(decoding: head[(lengthStart + 8)..<(lengthStart + 8 + length)], as: UTF8.self)
    }

    private static func availableMemory() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
            let kib = Int(line.split(separator: " ")[1])
        else { return nil }
        return kib * 1024
    }
}
