package io.berth.agent.layer;

import io.berth.events.spec.Digest;
import java.io.IOException;
import java.io.InputStream;

/** Where layer blobs come from: the image store's registry API in production. */
public interface BlobSource {
    /** Opens the blob's bytes as served, unverified; the caller checks the digest. */
    InputStream open(String repository, Digest digest) throws IOException;
}
