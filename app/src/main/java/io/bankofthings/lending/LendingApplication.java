package io.bankofthings.lending;

import io.bankofthings.lending.processes.LoanProcess;
import io.camunda.client.annotation.Deployment;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Bank of Things lending platform: web, workers and ingestion in one Spring Boot application. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Deployment(resources = LoanProcess.MODEL_RESOURCES)
public class LendingApplication {

    public static void main(String[] args) {
        SpringApplication.run(LendingApplication.class, args);
    }
}
