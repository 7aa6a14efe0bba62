/// Places the tokens of a packed group (``PackedEvaluator``) in KV cells so that every sequence
/// finds its positions in the arrangement it has when decoded alone, which keeps its scores
/// bit-identical.
///
/// Why the arrangement matters: llama.cpp's attention sums run over the cache's cells in cell
/// order, B cells to a vector lane or a partial sum, where B is the number of floats in one
/// vector register of the CPU build (``block``: 8 with AVX2, 16 with AVX-512; the softmax
/// normaliser adds cells in aligned blocks of B, the KQ·V product accumulates cell i in lane
/// i mod B). Alone, a sequence holds position p in cell p. Shared cells and masked cells (other
/// sequences' and free cells contribute exact zeros) are harmless as long as, for every sequence,
///   1. position p lies in a cell ≡ p (mod B), in increasing cell order, and
///   2. positions that share an aligned block of B alone share one block of cells.
/// So a sequence that branches off at position p gets a run of cells starting on a block
/// boundary, holding copies of its parent's positions p − p mod B ..< p (the "tail", copied
/// with llama.cpp's state API, keys and values bit for bit), then its own tokens; its parent's
/// cells below the block are shared with it (no copy). Gaps before a block boundary are filled
/// with blank cells that no decoding sequence sees.
///
/// llama.cpp puts a decode's tokens into the free cells in order, starting at its head, which
/// is the cell after the last one placed (or the first one freed, if lower). The layout keeps
/// every cell below its `cursor` occupied: cells reserved for one piece of a decode while later
/// pieces' blanks and tails are placed hold blank cells of the `reserved` sequence, freed just
/// before the decode. Every placement is therefore where the layout expects it.
final class CellLayout {
    /// Sequence ids with a fixed role; chains use ids from `firstChainSequence` on.
    static let filler = 0  // cells being placed, and throwaway tokens
    static let retired = 1  // occupied cells that no decoding sequence sees
    static let scratch = 2  // a tail being copied
    static let reserved = 3  // cells kept for the coming decode's tokens
    static let firstChainSequence = 4
    /// Cells in `blank`.
    private static let blankCount = 32

    private let context: LlamaContext
    /// `blankCount` serialised cells at positions 0, 1, …, whose content is never attended to.
    private var blank: [UInt8] = []
    /// The first cell not yet placed; every cell below it is occupied.
    private(set) var cursor = 0
    /// Cells taken for the coming decode's tokens whose blanks are not placed yet: they are
    /// placed together with the blanks that align the next run.
    private var held = 0
    private var hasReservations = false
    /// The sequence whose cells end just below the cursor, and the position its next token has.
    private var tip: (sequence: Int, position: Int)?
    /// Tails copied in this group, by parent sequence and branch position: siblings share one.
    private var tails: [[Int]: [UInt8]] = [:]

    /// Cells per aligned block: ``LlamaBackend/attentionBlock`` (8, or 16 with AVX-512).
    let block: Int

    init(context: LlamaContext, block: Int = LlamaBackend.attentionBlock) {
        self.context = context
        self.block = block
    }

    /// Empties the cache.
    func reset() throws {
        if blank.isEmpty { try makeBlank() }
        context.clear()
        cursor = 0
        held = 0
        hasReservations = false
        tip = nil
        tails = [:]
    }

    /// Whether `sequence`'s cells end just below the cursor and its next token has `position`:
    /// then its tokens can take the next cells as they are.
    func continues(_ sequence: Int, at position: Int) -> Bool {
        held == 0 && tip?.sequence == sequence && tip?.position == position
    }

    /// Starts a run of cells for `sequence`, whose tokens from `position` on come next: aligns
    /// the run to a block of ``block`` cells, copies in `parent`'s positions of that block below
    /// `position`, and lets `sequence` see `parent`'s cells below the block. A sequence without
    /// a parent starts at position 0.
    func open(_ sequence: Int, at position: Int, branchingFrom parent: Int?) {
        placeBlanks(reserving: held, thenAligning: true)
        let tail = position % block
        if let parent {
            let block = position - tail
            if tail > 0 {
                let cells = tails[[parent, position]] ?? copyTail(of: parent, from: block, to: position)
                tails[[parent, position]] = cells
                context.restore(cells, into: sequence)
                cursor += tail
            }
            context.share(parent, with: sequence, to: block)
        } else {
            precondition(position == 0, "a chain without a parent starts at position 0")
        }
        tip = nil
    }

    /// Takes the next `count` cells for `sequence`'s tokens from `position` on. Unless they are
    /// the last cells the coming decode fills, they are held (blank cells of `reserved`) until
    /// `commit()`, so that what is placed next lands after them.
    func take(_ count: Int, for sequence: Int, at position: Int, last: Bool) {
        if last {
            placeBlanks(reserving: held, thenAligning: false)
            cursor += count
        } else {
            held += count
        }
        tip = (sequence, position + count)
    }

    /// Frees the held cells, just before the decode that fills them.
    func commit() {
        cursor += held  // held cells with nothing placed after them are free already
        held = 0
        if hasReservations { context.truncate(Self.reserved) }
        hasReservations = false
    }

    /// After a decode that ended with a throwaway token of sequence `filler`: keeps its cell
    /// occupied but out of sight.
    func retireFillerToken() {
        context.share(Self.filler, with: Self.retired)
        context.truncate(Self.filler)
        cursor += 1
        tip = nil
    }

    /// Places `count` blank cells held for the coming decode, then, when `aligning`, blank cells
    /// up to the next block boundary that no sequence sees.
    private func placeBlanks(reserving count: Int, thenAligning aligning: Bool) {
        let total = count + (aligning ? (block - (cursor + count) % block) % block : 0)
        var placed = 0
        while placed < total {
            let n = min(Self.blankCount, total - placed)
            context.restore(blank, into: Self.filler)
            context.truncate(Self.filler, from: n)  // frees the blank's cells beyond n
            let reserving = max(0, min(n, count - placed))
            if reserving > 0 {
                context.share(Self.filler, with: Self.reserved, to: reserving)
                hasReservations = true
            }
            if reserving < n { context.share(Self.filler, with: Self.retired, from: reserving, to: n) }
            context.truncate(Self.filler)
            placed += n
        }
        cursor += total
        held = 0
    }

    /// `parent`'s cells at positions `from..<to`, serialised.
    private func copyTail(of parent: Int, from block: Int, to position: Int) -> [UInt8] {
        context.share(parent, with: Self.scratch, from: block, to: position)
        defer { context.truncate(Self.scratch) }
        return context.cells(of: Self.scratch)
    }

    /// Decodes `blankCount` throwaway tokens once and keeps their cells, serialised, as the blank.
    private func makeBlank() throws {
        context.clear()
        var position = 0
        while position < Self.blankCount {
            let count = min(context.batchSize, Self.blankCount - position)
            try context.decode(
                (position..<(position + count)).map {
                    LlamaContext.Entry(token: 0, position: $0, sequence: Self.filler, wantsOutput: false)
                })
            position += count
        }
        blank = context.cells(of: Self.filler)
        context.clear()
    }
}
