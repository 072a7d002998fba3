package io.bankofthings.lending.loan.worker;

import io.bankofthings.lending.collateral.CollateralRegistration;
import io.bankofthings.lending.loan.LoanApplicationService;
import io.bankofthings.lending.processes.LoanProcess;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.exception.CamundaError;
import org.springframework.stereotype.Component;

/**
 * Registers the collateral: devices known, online and inside their sites, no lien on the assets. A refusal rejects the
 * application and throws the BPMN error {@value LoanProcess#ERROR_COLLATERAL_REFUSED}; a storage or database fault is
 * technical and retried until it becomes an incident.
 */
@Component
public class RegisterCollateralWorker {

    private final LoanApplicationService loans;
    private final CollateralRegistration registration;

    RegisterCollateralWorker(LoanApplicationService loans, CollateralRegistration registration) {
        this.loans = loans;
        this.registration = registration;
    }

    @JobWorker(type = LoanProcess.JOB_REGISTER_COLLATERAL, fetchVariables = "loanId")
    public void registerCollateral(@Variable(name = "loanId") String loanId) {
        var result = registration.check(loans.require(loanId));
        if (!result.accepted()) {
            String reason = "collateral refused: " + result.summary();
            loans.rejectEarly(loanId, reason, LoanApplicationService.SYSTEM_ACTOR);
            throw CamundaError.bpmnError(LoanProcess.ERROR_COLLATERAL_REFUSED, reason);
        }
        loans.recordCollateralRegistered(loanId, "collateral registered: " + result.summary());
    }
}
