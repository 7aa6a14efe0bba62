import ArgumentParser
import ConsensusEvaluation

extension CandidateScore: ExpressibleByArgument {}
