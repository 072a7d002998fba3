package io.bankofthings.lending.loan;

import io.bankofthings.lending.processes.LoanProcess;
import io.camunda.client.CamundaClient;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes the loan process's messages, correlated by {@code loanId}. Each message has an id, so a repeated publish
 * while the first is still buffered is refused by the engine instead of correlating twice.
 */
@Component
public class LoanMessages {

    static final Duration OFFER_ANSWER_TTL = Duration.ofMinutes(5);
    static final Duration REPAID_TTL = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(LoanMessages.class);

    private final CamundaClient client;

    public LoanMessages(CamundaClient client) {
        this.client = client;
    }

    void offerAnswered(String loanId, boolean accepted) {
        client.newPublishMessageCommand()
                .messageName(LoanProcess.MESSAGE_OFFER_ANSWERED)
                .correlationKey(loanId)
                .messageId("offer-answer:" + loanId)
                .timeToLive(OFFER_ANSWER_TTL)
                .variables(Map.of("offerAccepted", accepted))
                .requestTimeout(Duration.ofSeconds(10))
                .send()
                .join();
        LOG.info("Loan {} offer answer ({}) sent to the process", loanId, accepted ? "accepted" : "declined");
    }

    /** Tells the process the loan is repaid; {@code closure} is REPAID or EARLY_PAYOFF. Throws if the engine is down. */
    void loanRepaid(String loanId, String closure) {
        client.newPublishMessageCommand()
                .messageName(LoanProcess.MESSAGE_LOAN_REPAID)
                .correlationKey(loanId)
                .messageId("loan-repaid:" + loanId)
                .timeToLive(REPAID_TTL)
                .variables(Map.of("closure", closure))
                .requestTimeout(Duration.ofSeconds(10))
                .send()
                .join();
        LOG.info("Loan {} repaid ({}): process told", loanId, closure);
    }
}
