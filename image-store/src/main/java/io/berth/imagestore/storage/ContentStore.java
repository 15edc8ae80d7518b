package io.berth.imagestore.storage;

import io.berth.events.spec.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Blobs by digest and tags by repository on the local disk. Every write goes to a temp file under
 * {@code uploads/}, is checked against its digest and only then renamed into place, so a reader sees a
 * whole, verified file or none. All methods block: call them from worker threads.
 */
public final class ContentStore {
    private final StoreLayout layout;
    private final SweepFence fence = new SweepFence();

    public ContentStore(StoreLayout layout) {
        this.layout = layout;
        try {
            Files.createDirectories(layout.blobs());
            Files.createDirectories(layout.repositories());
            Files.createDirectories(layout.uploads());
            clearUploads();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the store under " + layout.root(), e);
        }
    }

    public StoreLayout layout() {
        return layout;
    }

    /** What a running garbage collection must respect; see {@link SweepFence}. */
    public SweepFence fence() {
        return fence;
    }

    /**
     * A client is about to rely on this blob (it asked whether it exists, mounts it, or a manifest names it):
     * protect it from a running collection and restart its grace period, so a push that found it keeps it.
     */
    public void claim(Digest digest) {
        try {
            fence.protectAfter(digest, () -> {
                try {
                    Files.setLastModifiedTime(layout.blob(digest), java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
                } catch (NoSuchFileException e) {
                    // not stored: the caller answers "unknown" and the client uploads it
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot touch blob " + digest, e);
        }
    }

    /** A fresh empty file under {@code uploads/}, for a caller that writes and verifies it itself. */
    public Path newTempFile(String prefix) {
        try {
            return Files.createTempFile(layout.uploads(), prefix, ".tmp");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp file under " + layout.uploads(), e);
        }
    }

    /**
     * Renames a temp file whose content the caller has hashed to {@code digest} into place, atomically;
     * its modification time becomes now, which the garbage collector's grace period counts from.
     */
    public void commit(Path temp, Digest digest) {
        try {
            Files.setLastModifiedTime(temp, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
            fence.protectAfter(digest, () -> moveIntoPlace(temp, layout.blob(digest)));
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot store blob " + digest, e);
        }
    }

    /** Stores {@code bytes} under their own digest. */
    public Digest put(byte[] bytes) {
        Digest digest = Digest.of(bytes);
        put(digest, new java.io.ByteArrayInputStream(bytes));
        return digest;
    }

    /**
     * Streams {@code content} into the store under {@code expected}.
     *
     * @throws DigestMismatchException if the content hashes to anything else (no file is left behind)
     */
    public void put(Digest expected, InputStream content) {
        Path temp = null;
        try {
            temp = Files.createTempFile(layout.uploads(), "blob-", ".tmp");
            MessageDigest sha = Digest.sha256();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha)) {
                content.transferTo(out);
            }
            Digest actual = Digest.of(sha);
            if (!actual.equals(expected)) {
                throw new DigestMismatchException(expected, actual);
            }
            commit(temp, expected);
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store blob " + expected, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Deletes a blob (garbage collection only); true if it was there. */
    public boolean deleteBlob(Digest digest) {
        try {
            return Files.deleteIfExists(layout.blob(digest));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete blob " + digest, e);
        }
    }

    /** Every stored blob's digest; files with other names (none are written) are skipped. */
    public List<Digest> blobs() {
        try (Stream<Path> list = Files.list(layout.blobs())) {
            return list.map(p -> p.getFileName().toString())
                    .filter(name -> name.matches("[0-9a-f]{64}"))
                    .map(Digest::new)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list blobs", e);
        }
    }

    /** When the blob was written (or empty if it is gone). */
    public Optional<java.time.Instant> written(Digest digest) {
        try {
            return Optional.of(Files.getLastModifiedTime(layout.blob(digest)).toInstant());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat blob " + digest, e);
        }
    }

    public boolean has(Digest digest) {
        return Files.isRegularFile(layout.blob(digest));
    }

    /** The file holding the blob, if present. */
    public Optional<Path> blob(Digest digest) {
        Path path = layout.blob(digest);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    public byte[] read(Digest digest) {
        try {
            return Files.readAllBytes(layout.blob(digest));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + digest, e);
        }
    }

    /** Points {@code name:tag} at a manifest that is already stored. */
    public void tag(RepositoryName name, Tag tag, Digest manifest) {
        if (!has(manifest)) {
            throw new IllegalArgumentException("cannot tag " + name + ":" + tag + ": manifest " + manifest + " is not stored");
        }
        Path temp = null;
        try {
            Files.createDirectories(layout.tags(name));
            temp = Files.createTempFile(layout.uploads(), "tag-", ".tmp");
            Files.writeString(temp, manifest.toString(), StandardCharsets.US_ASCII);
            moveIntoPlace(temp, layout.tag(name, tag));
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tag " + name + ":" + tag, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Removes {@code name:tag}; true if it existed. The manifest stays (by digest) until deleted. */
    public boolean untag(RepositoryName name, Tag tag) {
        try {
            return Files.deleteIfExists(layout.tag(name, tag));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot untag " + name + ":" + tag, e);
        }
    }

    /** Records that {@code name} holds the stored manifest {@code digest} of {@code mediaType}. */
    public void link(RepositoryName name, Digest digest, String mediaType) {
        if (!has(digest)) {
            throw new IllegalArgumentException("cannot link " + name + "@" + digest + ": manifest is not stored");
        }
        Path temp = null;
        try {
            Files.createDirectories(layout.manifests(name));
            temp = Files.createTempFile(layout.uploads(), "link-", ".tmp");
            Files.writeString(temp, mediaType, StandardCharsets.UTF_8);
            moveIntoPlace(temp, layout.manifest(name, digest));
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot link " + name + "@" + digest, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** The media type {@code name@digest} was pushed with, if that repository holds it. */
    public Optional<String> linkedType(RepositoryName name, Digest digest) {
        try {
            return Optional.of(Files.readString(layout.manifest(name, digest), StandardCharsets.UTF_8).trim());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read link " + name + "@" + digest, e);
        }
    }

    /** Removes the manifest from the repository, with every tag pointing at it; true if it was linked. */
    public boolean unlink(RepositoryName name, Digest digest) {
        try {
            for (String tag : tags(name)) {
                if (resolve(name, Tag.parse(tag)).filter(digest::equals).isPresent()) {
                    untag(name, Tag.parse(tag));
                }
            }
            return Files.deleteIfExists(layout.manifest(name, digest));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unlink " + name + "@" + digest, e);
        }
    }

    /** The manifests a repository holds: linked, or only tagged. */
    public List<Digest> manifests(RepositoryName name) {
        java.util.Set<Digest> all = new java.util.TreeSet<>(java.util.Comparator.comparing(Digest::hex));
        try (Stream<Path> list = Files.list(layout.manifests(name))) {
            list.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9a-f]{64}"))
                    .forEach(hex -> all.add(new Digest(hex)));
        } catch (NoSuchFileException e) {
            // tagged only, or no such repository
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list manifests of " + name, e);
        }
        for (String tag : tags(name)) {
            resolve(name, Tag.parse(tag)).ifPresent(all::add);
        }
        return List.copyOf(all);
    }

    /** The manifest digest {@code name:tag} points at, if any. */
    public Optional<Digest> resolve(RepositoryName name, Tag tag) {
        try {
            return Optional.of(Digest.parse(Files.readString(layout.tag(name, tag), StandardCharsets.US_ASCII).trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tag " + name + ":" + tag, e);
        }
    }

    public boolean hasRepository(RepositoryName name) {
        return Files.isDirectory(layout.tags(name)) || Files.isDirectory(layout.manifests(name));
    }

    /** The tags of a repository, sorted. */
    public List<String> tags(RepositoryName name) {
        List<String> tags = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(layout.tags(name))) {
            dir.forEach(p -> tags.add(p.getFileName().toString()));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list tags of " + name, e);
        }
        tags.sort(null);
        return tags;
    }

    /** Every repository that has a tags or manifests directory, sorted; names may contain slashes. */
    public List<String> repositories() {
        Path root = layout.repositories();
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> Files.isDirectory(p) && isRepositoryPart(p.getFileName().toString()))
                    .map(p -> root.relativize(p.getParent()).toString().replace(java.io.File.separatorChar, '/'))
                    .distinct()
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list repositories under " + root, e);
        }
    }

    // Uploads live in memory; their temp files from a previous run belong to no one.
    private void clearUploads() throws IOException {
        try (Stream<Path> list = Files.list(layout.uploads())) {
            for (Path leftover : (Iterable<Path>) list::iterator) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    private static boolean isRepositoryPart(String name) {
        return name.equals(StoreLayout.TAGS) || name.equals(StoreLayout.MANIFESTS);
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("uploads and " + target.getParent() + " must be on one file system", e);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a leftover temp file in uploads/ is harmless and never served
            }
        }
    }
}
