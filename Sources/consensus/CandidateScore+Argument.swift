import ArgumentParser
import ConsensusEvaluation
import ConsensusRanking

extension CandidateScore: ExpressibleByArgument {}
