package io.bankofthings.lending.ingestion;

import io.bankofthings.lending.storage.embedded.EmbeddedS3Server;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** An embedded S3 server that a test can stop and start again on the same port and folder, to simulate an outage. */
final class RestartableS3Server implements AutoCloseable {

    private final Path directory;
    private final String host;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private @Nullable EmbeddedS3Server server;

    RestartableS3Server(Path directory, String host, int port, String accessKey, String secretKey) throws IOException {
        this.directory = directory;
        this.host = host;
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        start();
    }

    synchronized void start() throws IOException {
        if (server == null) {
            server = EmbeddedS3Server.start(directory, host, port, accessKey, secretKey);
        }
    }

    synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
