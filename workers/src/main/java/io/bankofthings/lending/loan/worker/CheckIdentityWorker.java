package io.bankofthings.lending.loan.worker;

import io.bankofthings.lending.kyc.IdentityCheck;
import io.bankofthings.lending.loan.LoanApplicationService;
import io.bankofthings.lending.processes.LoanProcess;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.exception.CamundaError;
import org.springframework.stereotype.Component;

/**
 * Checks the applicant's identity. A failed check is a business outcome: the application is rejected and the BPMN
 * error {@value LoanProcess#ERROR_IDENTITY_REJECTED} ends the process; a database fault is technical and retried.
 */
@Component
public class CheckIdentityWorker {

    private final LoanApplicationService loans;
    private final IdentityCheck identity;

    CheckIdentityWorker(LoanApplicationService loans, IdentityCheck identity) {
        this.loans = loans;
        this.identity = identity;
    }

    @JobWorker(type = LoanProcess.JOB_CHECK_IDENTITY, fetchVariables = "loanId")
    public void checkIdentity(@Variable(name = "loanId") String loanId) {
        var result = identity.check(loans.require(loanId).applicant());
        if (!result.passed()) {
            loans.rejectEarly(loanId, result.reason(), LoanApplicationService.KYC_ACTOR);
            throw CamundaError.bpmnError(LoanProcess.ERROR_IDENTITY_REJECTED, result.reason());
        }
        loans.recordIdentityVerified(loanId, result.reason());
    }
}
