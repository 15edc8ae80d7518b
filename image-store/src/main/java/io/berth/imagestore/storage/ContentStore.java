package io.berth.imagestore.storage;

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

    public ContentStore(StoreLayout layout) {
        this.layout = layout;
        try {
            Files.createDirectories(layout.blobs());
            Files.createDirectories(layout.repositories());
            Files.createDirectories(layout.uploads());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the store under " + layout.root(), e);
        }
    }

    public StoreLayout layout() {
        return layout;
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
            moveIntoPlace(temp, layout.blob(expected));
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store blob " + expected, e);
        } finally {
            deleteQuietly(temp);
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
        return Files.isDirectory(layout.tags(name));
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

    /** Every repository that has a tags directory, sorted; names may contain slashes. */
    public List<String> repositories() {
        Path root = layout.repositories();
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.getFileName().toString().equals("tags") && Files.isDirectory(p))
                    .map(p -> root.relativize(p.getParent()).toString().replace(java.io.File.separatorChar, '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list repositories under " + root, e);
        }
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
