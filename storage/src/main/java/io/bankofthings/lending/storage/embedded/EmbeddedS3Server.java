package io.bankofthings.lending.storage.embedded;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3-compatible server (S3Proxy) running in-process on a local folder, enforcing AWS Signature V4 with one key
 * pair; each bucket is a sub-folder.
 *
 * <p>Meant for the embedded runtime and tests; needs {@code org.gaul:s3proxy} on the classpath.
 */
public final class EmbeddedS3Server implements AutoCloseable {

    /** Default listening host: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** Default listening port. */
    public static final int DEFAULT_PORT = 9000;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3Server.class);
    private static final String JCLOUDS_FILESYSTEM_BASEDIR = "jclouds.filesystem.basedir";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final Path directory;
    private final URI endpoint;

    private EmbeddedS3Server(S3Proxy proxy, BlobStoreContext context, Path directory, URI endpoint) {
        this.proxy = proxy;
        this.context = context;
        this.directory = directory;
        this.endpoint = endpoint;
    }

    /**
     * Starts a server storing objects under {@code directory} and returns once it accepts requests.
     *
     * @param directory folder for buckets and objects; created when missing
     * @param host address to listen on, e.g. {@code 127.0.0.1}
     * @param port TCP port to listen on, or 0 for a free port
     * @param accessKey the only accepted access key id
     * @param secretKey secret key of {@code accessKey}
     * @throws IOException when the folder cannot be created
     * @throws IllegalStateException naming host and port when the server does not start
     */
    public static EmbeddedS3Server start(Path directory, String host, int port, String accessKey, String secretKey)
            throws IOException {
        Path root = Files.createDirectories(directory).toAbsolutePath();
        Properties overrides = new Properties();
        overrides.setProperty(JCLOUDS_FILESYSTEM_BASEDIR, root.toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem-nio2")
                .credentials("", "")
                .overrides(overrides)
                .buildView(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://%s:%d".formatted(host, port)))
                .awsAuthentication(AuthenticationType.AWS_V4, accessKey, secretKey)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy state is %s after %s".formatted(proxy.getState(), START_TIMEOUT));
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            stopQuietly(proxy, context);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Could not start embedded S3 server on %s:%d".formatted(host, port), e);
        }
        return new EmbeddedS3Server(proxy, context, root, URI.create("http://%s:%d".formatted(host, proxy.getPort())));
    }

    /** Returns the base URL clients connect to, with the actual port. */
    public URI endpoint() {
        return endpoint;
    }

    /** Returns the absolute folder holding buckets and objects. */
    public Path directory() {
        return directory;
    }

    /** Stops the server and releases the folder; objects stay on disk. */
    @Override
    public void close() {
        stopQuietly(proxy, context);
    }

    private static void stopQuietly(S3Proxy proxy, BlobStoreContext context) {
        try {
            proxy.stop();
        } catch (Exception e) {
            LOG.debug("Embedded S3 server did not stop cleanly", e);
        } finally {
            context.close();
        }
    }
}
