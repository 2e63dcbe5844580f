package dev.kft.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kft.core.Json;
import dev.kft.core.JsonFields;
import dev.kft.core.MalformedEventException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * CodeCommit's JSON protocol (awsJson1_1: {@code POST /}, {@code X-Amz-Target: CodeCommit_20150413.<Operation>},
 * JSON bodies, errors as HTTP 400 {@code {"__type": "...Exception", "message": "..."}}) on a loopback
 * port, backed by real git repositories. moto does not implement CodeCommit's commit and file reads
 * or comments; this does, for the real SDK {@code CodeCommitClient}: {@code bin/kft codecommit}, the
 * demo and the tests point the functions here with {@code AWS_ENDPOINT_URL_CODECOMMIT}.
 *
 * <p>Serves GetCommit, GetFile, GetDifferences (paginated: at most {@code differencesPageSize} per page)
 * and PostCommentForComparedCommit, validating repository names and commits against the git
 * repositories and honouring {@code clientRequestToken}. Posted comments and the operations called are
 * kept for assertions; {@link #failing} makes an operation answer with an error. {@link #start} also
 * takes over the SDK's {@code aws.endpointUrlCodeCommit} (the JVM setting behind
 * {@code AWS_ENDPOINT_URL_CODECOMMIT}, which wins over a global endpoint such as moto's) until closed,
 * so every CodeCommit client the JVM builds comes here.
 */
public final class LocalCodeCommit implements AutoCloseable {
    /** The SDK setting {@link #start} takes over while it runs: tests that start one hold a {@code @ResourceLock} on it. */
    public static final String ENDPOINT_PROPERTY = "aws.endpointUrlCodeCommit";
    private static final String TARGET_PREFIX = "CodeCommit_20150413.";
    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{40}");
    private static final int MAX_COMMENT_CHARACTERS = 10_240;
    /** GetDifferences' page when the caller gives no MaxResults (CodeCommit's own is 100). */
    public static final int DEFAULT_DIFFERENCES_PAGE = 100;
    private static final String NEXT_TOKEN_PREFIX = "differences-from:";

    /** A comment as PostCommentForComparedCommit received it. */
    public record PostedComment(String commentId, String repositoryName, String beforeCommitId, String afterCommitId,
                                String content, String clientRequestToken) {}

    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(4, task -> {
        Thread worker = new Thread(task, "local-codecommit");
        worker.setDaemon(true);
        return worker;
    });
    private final int differencesPageSize;
    private volatile boolean sdkEndpointTakenOver;
    private final Map<String, GitRepository> repositories = new ConcurrentHashMap<>();
    private final List<PostedComment> comments = new ArrayList<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final List<String> calls = new ArrayList<>();

    private LocalCodeCommit(HttpServer server, int differencesPageSize) {
        this.server = server;
        this.differencesPageSize = differencesPageSize;
    }

    /**
     * Serves the given repositories (name → git repository) on a free loopback port, and every CodeCommit
     * client this JVM builds from now until {@link #close} comes here.
     */
    public static LocalCodeCommit start(Map<String, GitRepository> repositories) {
        return serve(repositories, 0, DEFAULT_DIFFERENCES_PAGE).takeOverSdkEndpoint();
    }

    /**
     * Serves the given repositories on loopback {@code port} (0: a free one), answering at most
     * {@code differencesPageSize} differences per GetDifferences page. The JVM's SDK settings stay as they are.
     */
    public static LocalCodeCommit serve(Map<String, GitRepository> repositories, int port, int differencesPageSize) {
        if (differencesPageSize < 1) {
            throw new IllegalArgumentException("differencesPageSize must be at least 1, not " + differencesPageSize);
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            LocalCodeCommit codeCommit = new LocalCodeCommit(server, differencesPageSize);
            codeCommit.repositories.putAll(repositories);
            server.createContext("/", codeCommit::handle);
            // Concurrent pushes are served side by side, as CodeCommit serves them (the git reads of one
            // repository take turns, each a fraction of a millisecond).
            server.setExecutor(codeCommit.workers);
            server.start();
            return codeCommit;
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve CodeCommit on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    /** Every CodeCommit client this JVM builds from now until {@link #close} comes here (the SDK's {@value #ENDPOINT_PROPERTY}). */
    public LocalCodeCommit takeOverSdkEndpoint() {
        System.setProperty(ENDPOINT_PROPERTY, endpoint().toString());
        sdkEndpointTakenOver = true;
        return this;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every comment posted so far, oldest first. */
    public synchronized List<PostedComment> comments() {
        return List.copyOf(comments);
    }

    /** The operations called so far, in order. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** From now on, {@code operation} answers HTTP 400 with error {@code type}. */
    public void failing(String operation, String type) {
        failures.put(operation, type);
    }

    @Override
    public void close() {
        if (sdkEndpointTakenOver) {
            System.clearProperty(ENDPOINT_PROPERTY);
        }
        server.stop(0);
        workers.shutdownNow();
        repositories.values().forEach(GitRepository::close);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : String.valueOf(target);
            synchronized (this) {
                calls.add(operation);
            }
            Map<String, Object> response;
            try {
                Map<String, Object> request = parse(exchange);
                if (failures.containsKey(operation)) {
                    throw new ServiceError(failures.get(operation), operation + " fails as the test asked");
                }
                response = switch (operation) {
                    case "GetCommit" -> getCommit(request);
                    case "GetFile" -> getFile(request);
                    case "GetDifferences" -> getDifferences(request);
                    case "PostCommentForComparedCommit" -> postComment(request);
                    default -> throw new ServiceError("UnknownOperationException", "the local CodeCommit does not serve " + operation);
                };
            } catch (ServiceError error) {
                respond(exchange, 400, Map.of("__type", error.type, "message", error.getMessage()));
                return;
            } catch (RuntimeException bug) {
                respond(exchange, 500, Map.of("__type", "InternalFailure", "message", String.valueOf(bug)));
                return;
            }
            respond(exchange, 200, response);
        }
    }

    private static Map<String, Object> parse(HttpExchange exchange) throws IOException {
        try {
            return Json.parseObject(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        } catch (MalformedEventException e) {
            throw new ServiceError("SerializationException", e.getMessage());
        }
    }

    private Map<String, Object> getCommit(Map<String, Object> request) {
        GitRepository repository = repository(request);
        String commitId = JsonFields.text(request, "commitId");
        if (commitId == null || commitId.isBlank()) {
            throw new ServiceError("CommitIdRequiredException", "A commit ID is required.");
        }
        if (!COMMIT_ID.matcher(commitId).matches()) {
            throw new ServiceError("InvalidCommitIdException", "The commit ID is not valid: " + commitId);
        }
        String raw = repository.rawCommit(commitId)
                .orElseThrow(() -> new ServiceError("CommitIdDoesNotExistException", "Could not find commit " + commitId));
        return Map.of("commit", parseCommit(commitId, raw));
    }

    /** GetFile: the file at a commit (an id, or a branch or tag name; default: HEAD), its content base64-encoded. */
    private Map<String, Object> getFile(Map<String, Object> request) {
        GitRepository repository = repository(request);
        String specifier = JsonFields.text(request, "commitSpecifier");
        String commitId = commit(repository, specifier == null ? "HEAD" : specifier);
        String path = JsonFields.text(request, "filePath");
        if (path == null || path.isBlank()) {
            throw new ServiceError("PathRequiredException", "A file path is required.");
        }
        // CodeCommit takes "/examples/file.md" and "examples/file.md" alike.
        String relative = path.startsWith("/") ? path.substring(1) : path;
        GitRepository.Blob blob = repository.file(commitId, relative)
                .orElseThrow(() -> new ServiceError("FileDoesNotExistException",
                        "The specified file " + path + " does not exist in commit " + commitId + "."));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("commitId", commitId);
        response.put("blobId", blob.blobId());
        response.put("filePath", relative);
        response.put("fileMode", fileMode(blob.mode()));
        response.put("fileSize", blob.content().length);
        response.put("fileContent", Base64.getEncoder().encodeToString(blob.content()));
        return response;
    }

    /**
     * GetDifferences between two commits (without {@code beforeCommitSpecifier}: everything in the after
     * commit, as added), one page at a time; {@code NextToken} says where the next page starts.
     * {@code beforePath}/{@code afterPath} are not supported: the functions never send them.
     */
    private Map<String, Object> getDifferences(Map<String, Object> request) {
        GitRepository repository = repository(request);
        String afterSpecifier = JsonFields.text(request, "afterCommitSpecifier");
        if (afterSpecifier == null || afterSpecifier.isBlank()) {
            throw new ServiceError("CommitRequiredException", "afterCommitSpecifier is required.");
        }
        String beforeSpecifier = JsonFields.text(request, "beforeCommitSpecifier");
        String before = beforeSpecifier == null ? null : commit(repository, beforeSpecifier);
        String after = commit(repository, afterSpecifier);
        int pageSize = differencesPageSize;
        Object maxResults = request.get("MaxResults");
        if (maxResults != null) {
            if (!(maxResults instanceof Number number) || number.intValue() < 1) {
                throw new ServiceError("InvalidMaxResultsException", "MaxResults must be a positive integer, not " + maxResults);
            }
            pageSize = Math.min(pageSize, number.intValue());
        }
        List<GitRepository.Difference> all = repository.differences(before, after);
        int from = pageStart(JsonFields.text(request, "NextToken"), all.size());
        int to = Math.min(all.size(), from + pageSize);
        List<Map<String, Object>> differences = new ArrayList<>();
        for (GitRepository.Difference difference : all.subList(from, to)) {
            Map<String, Object> item = new LinkedHashMap<>();
            if (difference.beforeBlobId() != null) {
                item.put("beforeBlob", Map.of("blobId", difference.beforeBlobId(), "path", difference.path(), "mode", difference.beforeMode()));
            }
            if (difference.afterBlobId() != null) {
                item.put("afterBlob", Map.of("blobId", difference.afterBlobId(), "path", difference.path(), "mode", difference.afterMode()));
            }
            item.put("changeType", String.valueOf(difference.changeType()));
            differences.add(item);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("differences", differences);
        if (to < all.size()) {
            response.put("NextToken", Base64.getEncoder().encodeToString((NEXT_TOKEN_PREFIX + to).getBytes(StandardCharsets.UTF_8)));
        }
        return response;
    }

    /** Where a page starts: 0 without a token, else what an earlier page's {@code NextToken} said. */
    private static int pageStart(String token, int size) {
        if (token == null) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            int from = decoded.startsWith(NEXT_TOKEN_PREFIX) ? Integer.parseInt(decoded.substring(NEXT_TOKEN_PREFIX.length())) : -1;
            if (from < 0 || from > size) {
                throw new IllegalArgumentException(decoded);
            }
            return from;
        } catch (IllegalArgumentException e) {
            throw new ServiceError("InvalidContinuationTokenException", "The continuation token is not valid: " + token);
        }
    }

    /** The commit a specifier names; CommitDoesNotExistException when it names none. */
    private static String commit(GitRepository repository, String specifier) {
        return repository.resolve(specifier).orElseThrow(() -> new ServiceError("CommitDoesNotExistException",
                "The specified commit " + specifier + " does not exist or no longer exists."));
    }

    /** git's file mode as GetFile names it. */
    private static String fileMode(String gitMode) {
        return switch (gitMode) {
            case "100755" -> "EXECUTABLE";
            case "120000" -> "SYMLINK";
            default -> "NORMAL";
        };
    }

    private synchronized Map<String, Object> postComment(Map<String, Object> request) {
        String repositoryName = JsonFields.text(request, "repositoryName");
        GitRepository repository = repository(request);
        String after = JsonFields.text(request, "afterCommitId");
        String before = JsonFields.text(request, "beforeCommitId");
        String content = requestText(request, "content");
        String token = JsonFields.text(request, "clientRequestToken");
        if (after == null || after.isBlank()) {
            throw new ServiceError("CommitIdRequiredException", "afterCommitId is required.");
        }
        Map<String, Object> afterCommit = existingCommit(repository, after);
        if (before == null && !JsonFields.list(afterCommit, "parents").isEmpty()) {
            throw new ServiceError("CommitIdRequiredException", "beforeCommitId is required unless the commit is the initial commit.");
        }
        if (before != null) {
            existingCommit(repository, before);
            if (before.equals(after)) {
                throw new ServiceError("BeforeCommitIdAndAfterCommitIdAreSameException", "The before and after commit IDs are the same.");
            }
        }
        if (content == null || content.isEmpty()) {
            throw new ServiceError("CommentContentRequiredException", "The comment is empty.");
        }
        if (content.length() > MAX_COMMENT_CHARACTERS) {
            throw new ServiceError("CommentContentSizeLimitExceededException",
                    "The comment has " + content.length() + " characters, more than " + MAX_COMMENT_CHARACTERS + ".");
        }
        Optional<PostedComment> earlier = token == null ? Optional.empty()
                : comments.stream().filter(c -> token.equals(c.clientRequestToken())).findFirst();
        PostedComment comment;
        if (earlier.isPresent()) {
            comment = earlier.get();
            if (!comment.content().equals(content) || !comment.afterCommitId().equals(after)) {
                throw new ServiceError("IdempotencyParameterMismatchException", "The client request token was used with other parameters.");
            }
        } else {
            comment = new PostedComment(UUID.randomUUID().toString(), repositoryName, before, after, content, token);
            comments.add(comment);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("commentId", comment.commentId());
        body.put("content", comment.content());
        body.put("authorArn", "arn:aws:sts::123456789012:assumed-role/kft-TaskStateFunctionRole/kft-TaskStateFunction");
        body.put("creationDate", 1.7636e9);
        body.put("lastModifiedDate", 1.7636e9);
        body.put("deleted", false);
        if (token != null) {
            body.put("clientRequestToken", token);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("repositoryName", repositoryName);
        if (before != null) {
            response.put("beforeCommitId", before);
        }
        response.put("afterCommitId", after);
        response.put("comment", body);
        return response;
    }

    private GitRepository repository(Map<String, Object> request) {
        String name = JsonFields.text(request, "repositoryName");
        if (name == null || name.isBlank()) {
            throw new ServiceError("RepositoryNameRequiredException", "A repository name is required.");
        }
        GitRepository repository = repositories.get(name);
        if (repository == null) {
            throw new ServiceError("RepositoryDoesNotExistException", name + " does not exist");
        }
        return repository;
    }

    private static Map<String, Object> existingCommit(GitRepository repository, String commitId) {
        if (!COMMIT_ID.matcher(commitId).matches()) {
            throw new ServiceError("InvalidCommitIdException", "The commit ID is not valid: " + commitId);
        }
        String raw = repository.rawCommit(commitId)
                .orElseThrow(() -> new ServiceError("CommitDoesNotExistException", "Could not find commit " + commitId));
        return parseCommit(commitId, raw);
    }

    /** A raw git commit object as GetCommit's {@code commit} structure (dates stay git's "seconds offset"). */
    private static Map<String, Object> parseCommit(String commitId, String raw) {
        int blank = raw.indexOf("\n\n");
        String[] headers = (blank < 0 ? raw : raw.substring(0, blank)).split("\n");
        String message = blank < 0 ? "" : raw.substring(blank + 2);
        Map<String, Object> commit = new LinkedHashMap<>();
        List<String> parents = new ArrayList<>();
        commit.put("commitId", commitId);
        for (String header : headers) {
            int space = header.indexOf(' ');
            String key = header.substring(0, space);
            String value = header.substring(space + 1);
            switch (key) {
                case "tree" -> commit.put("treeId", value);
                case "parent" -> parents.add(value);
                case "author", "committer" -> commit.put(key, person(value));
                default -> { }
            }
        }
        commit.put("parents", parents);
        commit.put("message", message);
        commit.put("additionalData", "");
        return commit;
    }

    /** {@code Name <email> 1763629440 +0000} → name, email, date. */
    private static Map<String, Object> person(String value) {
        int open = value.indexOf('<');
        int close = value.indexOf('>');
        return Map.of("name", value.substring(0, open).strip(), "email", value.substring(open + 1, close),
                "date", value.substring(close + 1).strip());
    }

    private static void respond(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** An AWS-shaped error: its {@code __type} is the exception the SDK raises. */
    private static final class ServiceError extends RuntimeException {
        private final String type;

        ServiceError(String type, String message) {
            super(message);
            this.type = type;
        }
    }

    /**
     * A string member of a request, read as CodeCommit reads it: without the limits the functions put on
     * event fields (a comment may hold 10,240 characters, and its size is this double's to judge).
     */
    private static String requestText(Map<String, Object> request, String name) {
        Object value = request.get(name);
        if (value != null && !(value instanceof String)) {
            throw new ServiceError("SerializationException", name + " must be a string");
        }
        return (String) value;
    }
}
