package io.bankofthings.lending.loan.worker;

import io.bankofthings.lending.loan.LoanApplicationService;
import io.bankofthings.lending.processes.LoanProcess;
import io.bankofthings.lending.scoring.ScoringService;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/** Scores the applicant; a failure (database down) is technical: the job is retried and then becomes an incident. */
@Component
public class ScoreApplicantWorker {

    private final LoanApplicationService loans;
    private final ScoringService scoring;

    ScoreApplicantWorker(LoanApplicationService loans, ScoringService scoring) {
        this.loans = loans;
        this.scoring = scoring;
    }

    @JobWorker(type = LoanProcess.JOB_SCORE_APPLICANT, fetchVariables = "loanId")
    public Map<String, Object> scoreApplicant(@Variable(name = "loanId") String loanId) {
        try (var key = MDC.putCloseable("loanId", loanId)) {
            var score = scoring.score(loans.require(loanId));
            loans.recordScore(loanId, score.total(), score.factors(), score.explanation());
            return Map.of("score", score.total());
        }
    }
}
