public import ArgumentParser
import ConsensusRanking

extension CandidateScore: ExpressibleByArgument {}
