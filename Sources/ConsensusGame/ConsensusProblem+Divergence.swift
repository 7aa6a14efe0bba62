extension ConsensusProblem {
    /// How different the generator's two prompts make the candidates look: the Jensen–Shannon
    /// divergence (natural log, between 0 and ln 2 ≈ 0.693) between P(y | x, correct) and
    /// P(y | x, incorrect), each normalised over the candidates.
    ///
    /// Near 0 the model ranks the candidates the same way whether asked for a correct or an
    /// incorrect answer: it has not followed the "incorrect" prompt, so the cross-normalised
    /// generator (SC, and ER with it) divides the generator's knowledge away and ranks on noise
    /// (docs/models.md measures where that happens). Candidates impossible under both prompts
    /// count for nothing.
    public var generatorDivergence: Double {
        let p = LogSpace.logSoftmax(generator.correct), q = LogSpace.logSoftmax(generator.incorrect)
        var divergence = 0.0
        for (a, b) in zip(p, q) {
            let pa = LogSpace.exp(a), qb = LogSpace.exp(b)
            let m = LogSpace.logSumExp([a, b]) - LogSpace.log(2)
            if pa > 0 { divergence += 0.5 * pa * (a - m) }
            if qb > 0 { divergence += 0.5 * qb * (b - m) }
        }
        return max(0, divergence)
    }
}
