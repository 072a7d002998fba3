package io.bankofthings.lending.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads and writes whole objects in one bucket of an S3-compatible store (MinIO, S3Proxy, AWS S3) through the MinIO
 * client, path-style and SigV4-signed.
 *
 * <p>The bucket is created on first use, so the store may be built before the server is up.
 */
@Component
public class ObjectStore {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectStore.class);

    private final MinioClient client;
    private final String bucket;
    private volatile boolean bucketReady;

    /** Builds a client for the configured endpoint; connects lazily on the first operation. */
    public ObjectStore(StorageSettings settings) {
        this.client = MinioClient.builder()
                .endpoint(settings.endpoint().toString())
                .credentials(settings.accessKey(), settings.secretKey())
                .region(settings.region())
                .build();
        this.bucket = settings.bucket();
    }

    /** Returns the name of the bucket this store works in. */
    public String bucket() {
        return bucket;
    }

    /**
     * Asks the server whether the bucket exists, for health checks; creates nothing.
     *
     * @throws ObjectStoreException when the server is unreachable or refuses the request (e.g. wrong keys)
     */
    public boolean bucketExists() {
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
        } catch (Exception e) {
            throw new ObjectStoreException("Could not check bucket %s".formatted(bucket), e);
        }
    }

    /**
     * Creates the bucket unless it exists; safe to call repeatedly and concurrently.
     *
     * @throws ObjectStoreException when the server is unreachable or refuses the request
     */
    public void ensureBucket() {
        if (bucketReady) {
            return;
        }
        synchronized (this) {
            if (bucketReady) {
                return;
            }
            try {
                if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                    LOG.info("Created bucket {}", bucket);
                }
                bucketReady = true;
            } catch (Exception e) {
                throw new ObjectStoreException("Could not ensure bucket %s".formatted(bucket), e);
            }
        }
    }

    /**
     * Stores {@code content} under {@code key}, replacing any object with that key.
     *
     * @param key object key, e.g. {@code readings/date=2026-11-22/hour=10/part-….parquet}
     * @param content object bytes
     * @param contentType MIME type recorded with the object
     * @throws ObjectStoreException naming the key when the upload fails
     */
    public void put(String key, byte[] content, String contentType) {
        ensureBucket();
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).contentType(contentType)
                    .stream(new ByteArrayInputStream(content), content.length, -1)
                    .build());
        } catch (Exception e) {
            throw new ObjectStoreException("Could not put object %s (%d bytes) in bucket %s"
                    .formatted(key, content.length, bucket), e);
        }
    }

    /**
     * Returns the whole content of the object under {@code key}.
     *
     * @throws ObjectStoreException naming the key when the object is missing or the download fails
     */
    public byte[] get(String key) {
        ensureBucket();
        try (GetObjectResponse response = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return response.readAllBytes();
        } catch (Exception e) {
            throw new ObjectStoreException("Could not get object %s from bucket %s".formatted(key, bucket), e);
        }
    }

    /**
     * Lists the keys of all objects whose key starts with {@code prefix}, at any depth, in lexicographic order.
     *
     * @throws ObjectStoreException naming the prefix when listing fails
     */
    public List<String> list(String prefix) {
        ensureBucket();
        List<String> keys = new ArrayList<>();
        try {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true)
                    .build())) {
                Item item = result.get();
                if (!item.isDir()) {
                    keys.add(item.objectName());
                }
            }
        } catch (Exception e) {
            throw new ObjectStoreException("Could not list prefix %s in bucket %s".formatted(prefix, bucket), e);
        }
        keys.sort(null);
        return keys;
    }
}
