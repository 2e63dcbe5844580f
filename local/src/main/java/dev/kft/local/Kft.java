package dev.kft.local;

import dev.kft.aws.AwsClients;
import dev.kft.core.Json;
import dev.kft.core.MalformedEventException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * {@code bin/kft}: the local tools. {@code stack-up} creates the stack's resources on an emulator,
 * {@code invoke} runs one function like {@code sam local invoke} without Docker, {@code codecommit}
 * serves a git repository as CodeCommit (moto has no CodeCommit reads), {@code demo} tells the whole
 * story on a fresh moto_server; {@code builds} and {@code dlq} operate a deployed stack or the
 * emulator's. Local only: never on a Lambda function's path.
 */
public final class Kft {
    static final int OK = 0;
    /** The handler threw, or the demo failed. */
    static final int FAILED = 1;
    /** Wrong arguments or unusable input files. */
    static final int USAGE = 2;
    /** How often {@code builds logs --follow} polls, and for how long at most. */
    static final Duration FOLLOW_POLL = Duration.ofSeconds(5);
    static final Duration FOLLOW_LIMIT = Duration.ofHours(2);

    static final String USAGE_TEXT = """
            usage: bin/kft <command>
              stack-up [--stack-name NAME]
                  Creates the functions' resources on the emulator at AWS_ENDPOINT_URL (required) and prints
                  their variables as a `sam local invoke --env-vars` JSON. Safe to re-run. NAME defaults to kft.
              invoke <FunctionLogicalId> -e <event.json> [-n <env-vars.json>] [-t <template.yaml>]
                  Runs the function's handler in-process with the event, like `sam local invoke` without Docker;
                  prints its result as JSON on stdout, logs on stderr. Calls AWS unless AWS_ENDPOINT_URL is set.
              codecommit --repo DIR [--name NAME] [--port P]
                  Serves the git repository at DIR as CodeCommit repository NAME (default: DIR's name) on 127.0.0.1:P
                  (default: a free port): GetCommit, GetFile, GetDifferences, comments. Prints the
                  AWS_ENDPOINT_URL_CODECOMMIT=... to export for stack-up and invoke; runs until Ctrl-C.
              demo
                  Push -> build -> result -> scan gate on a fresh moto_server, as a timeline. Exit 0 when every step did.
              builds <verb> (--stack NAME | -n <env-vars.json>)
                  The build ledger of a deployed stack (its CloudFormation outputs) or of the emulator (stack-up's file):
                  list [--repository R [--branch B]] [--status S] [--since 45m|2h|3d] [--limit N] [--page-size N] [--json]
                  show BUILD_ID [--json]       everything the ledger knows, with console links
                  logs BUILD_ID [--follow]     the kaniko task's log stream; --follow until the build ends
                  rebuild BUILD_ID             the same commit and image again as a new attempt (on-demand Fargate)
                  cancel BUILD_ID [--reason R] stops the build's task and records it CANCELLED
              dlq replay [--function F] [--dry-run] (--stack NAME | -n <env-vars.json>)
                  Gives the events in a function's dead-letter queue (default: every function's) back to it;
                  a message is deleted once the function took it. --dry-run lists them.
            Exit codes: 0 done, 1 not found / refused / AWS error, 2 unusable arguments.""";

    private final Path home;
    private final Function<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Sleeper sleeper;
    private final Duration pollInterval;

    /**
     * @param home the project directory: default template and the demo's events
     * @param env  the process environment (AWS_ENDPOINT_URL, AWS_REGION, credentials)
     */
    Kft(Path home, Function<String, String> env, PrintStream out, PrintStream err) {
        this(home, env, out, err, Sleeper.REAL, FOLLOW_POLL);
    }

    /** @param sleeper and {@code pollInterval}: how {@code builds logs --follow} waits (tests wait less) */
    Kft(Path home, Function<String, String> env, PrintStream out, PrintStream err, Sleeper sleeper, Duration pollInterval) {
        this.home = home;
        this.env = env;
        this.out = out;
        this.err = err;
        this.sleeper = sleeper;
        this.pollInterval = pollInterval;
    }

    public static void main(String[] args) {
        Path home = Path.of(System.getProperty("kft.home", "."));
        System.exit(new Kft(home, System::getenv, System.out, System.err).run(List.of(args)));
    }

    /** What one command printed and how it ended: for the demo, which shows the operator's commands. */
    record Result(int exitCode, String out, String err) {}

    /** Runs one command in this JVM with its output captured. */
    static Result runCapturing(Path home, Function<String, String> env, List<String> args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int exit = new Kft(home, env, new PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8)).run(args);
        return new Result(exit, out.toString(java.nio.charset.StandardCharsets.UTF_8), err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    int run(List<String> args) {
        if (args.isEmpty()) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        try {
            return switch (args.get(0)) {
                case "stack-up" -> stackUp(args.subList(1, args.size()));
                case "invoke" -> invoke(args.subList(1, args.size()));
                case "codecommit" -> codeCommit(args.subList(1, args.size()));
                case "demo" -> new Demo(home, LocalAws.fromEnvironment(env).region(), out).run() ? OK : FAILED;
                case "builds" -> builds(args.subList(1, args.size()));
                case "dlq" -> dlq(args.subList(1, args.size()));
                case "-h", "--help", "help" -> {
                    out.println(USAGE_TEXT);
                    yield OK;
                }
                default -> throw new UsageException("unknown command " + args.get(0));
            };
        } catch (UsageException | IllegalArgumentException e) {
            err.println("kft " + args.get(0) + ": " + e.getMessage());
            return USAGE;
        } catch (Exception e) {
            err.println("kft " + args.get(0) + ": " + e);
            return FAILED;
        }
    }

    private int stackUp(List<String> args) {
        Options options = Options.parse(args, List.of("--stack-name"), 0);
        LocalAws aws = LocalAws.fromEnvironment(env);
        if (!aws.emulated()) {
            throw new UsageException("AWS_ENDPOINT_URL is not set. stack-up builds a local stand-in of the stack on an "
                    + "emulator (e.g. AWS_ENDPOINT_URL=http://127.0.0.1:5000 with moto_server running); on AWS, use sam deploy.");
        }
        aws.pointSdkAtEmulator(env);
        LocalStack stack = new StackUp(Template.load(home.resolve("template.yaml")), aws)
                .run(options.value("--stack-name", StackUp.DEFAULT_STACK_NAME));
        stack.unresolved().forEach((variable, why) -> err.println("kft stack-up: " + variable + " has no value: " + why));
        err.println(aws.codeCommitEndpoint() != null
                ? "kft stack-up: PushFunction and TaskStateFunction read commits and files from the local CodeCommit at "
                        + aws.codeCommitEndpoint() + " (" + LocalAws.CODECOMMIT_ENDPOINT_VARIABLE + ")"
                : "kft stack-up: " + LocalAws.CODECOMMIT_ENDPOINT_VARIABLE + " is not set: moto has no CodeCommit reads, so a push "
                        + "cannot be built; serve a git repository with bin/kft codecommit --repo DIR and export what it prints");
        out.println(EnvVarsFile.write(stack.envVars()));
        return OK;
    }

    /**
     * Serves a git repository as a CodeCommit repository until the process ends (Ctrl-C) or, when run
     * in-process, until the thread is interrupted.
     */
    private int codeCommit(List<String> args) {
        Options options = Options.parse(args, List.of("--repo", "--name", "--port"), 0);
        Path directory = Path.of(options.required("--repo")).toAbsolutePath().normalize();
        GitRepository repository = GitRepository.open(directory);
        String name = options.value("--name", repositoryName(directory));
        int port = port(options.value("--port", "0"));
        try (LocalCodeCommit codeCommit = LocalCodeCommit.serve(Map.of(name, repository), port, LocalCodeCommit.DEFAULT_DIFFERENCES_PAGE)) {
            out.println(LocalAws.CODECOMMIT_ENDPOINT_VARIABLE + "=" + codeCommit.endpoint());
            out.flush();
            err.println("kft codecommit: serving " + directory + " as CodeCommit repository " + name + "; Ctrl-C stops");
            new CountDownLatch(1).await();
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
        return OK;
    }

    /** A directory's name, without the {@code .git} of a bare repository. */
    static String repositoryName(Path directory) {
        String name = directory.getFileName() == null ? "" : directory.getFileName().toString();
        return name.endsWith(".git") && name.length() > 4 ? name.substring(0, name.length() - 4) : name;
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException notANumber) {
            // Reported below.
        }
        throw new UsageException("--port must be a port number from 0 to 65535, not " + value);
    }

    private int invoke(List<String> args) {
        Options options = Options.parse(args, List.of("-e", "-n", "-t"), 1);
        String functionId = options.positional().get(0);
        byte[] event = LocalInvoke.readEvent(Path.of(options.required("-e")));
        Map<String, Map<String, String>> envVars = options.has("-n") ? EnvVarsFile.read(Path.of(options.value("-n", null))) : Map.of();
        Template template = Template.load(options.has("-t") ? Path.of(options.value("-t", null)) : home.resolve("template.yaml"));
        LocalAws aws = LocalAws.fromEnvironment(env);
        aws.pointSdkAtEmulator(env);
        aws.pointSdkAtLocalCodeCommit();
        LocalInvoke.InvokeResult result = new LocalInvoke(template, aws, err).invoke(functionId, event, envVars);
        if (result.failed()) {
            result.error().printStackTrace(err);
            out.println(Json.writePretty(LocalInvoke.errorResponse(result.error())));
            err.println("kft invoke: " + functionId + " failed: " + result.error());
            return FAILED;
        }
        out.println(pretty(result.output()));
        return OK;
    }

    private int builds(List<String> args) {
        Targeted targeted = targeted(args);
        return new BuildsCommand(targeted.target(), targeted.clients(), env, out, err, Clock.systemUTC(), sleeper, pollInterval,
                FOLLOW_LIMIT).run(targeted.args());
    }

    private int dlq(List<String> args) {
        Targeted targeted = targeted(args);
        StackTarget target = targeted.target();
        DlqCommand.Invoker invoker = target.emulated()
                ? DlqCommand.local(new LocalInvoke(Template.load(home.resolve("template.yaml")), targeted.aws(), err), target, err)
                : DlqCommand.deployed(target, targeted.clients().build(LambdaClient.builder()));
        return new DlqCommand(target, targeted.clients(), invoker, out, err).run(targeted.args());
    }

    /** The arguments without the stack's, the stack, and the clients that reach it. */
    private record Targeted(List<String> args, StackTarget target, LocalAws aws, AwsClients clients) {}

    /** Takes {@code --stack NAME} or {@code -n env-vars.json} (exactly one) out of the arguments and resolves the stack. */
    private Targeted targeted(List<String> args) {
        List<String> rest = new ArrayList<>();
        String stack = null;
        String file = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--stack") || arg.equals("-n")) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(arg + " needs a value");
                }
                if (arg.equals("--stack")) {
                    stack = args.get(++i);
                } else {
                    file = args.get(++i);
                }
            } else {
                rest.add(arg);
            }
        }
        if ((stack == null) == (file == null)) {
            throw new UsageException("say which stack: --stack NAME (deployed) or -n env.json (the emulator's, from bin/kft stack-up)");
        }
        LocalAws aws = LocalAws.fromEnvironment(env);
        aws.pointSdkAtEmulator(env);
        AwsClients clients = aws.clients();
        StackTarget target;
        if (file != null) {
            target = StackTarget.fromEnvVarsFile(Path.of(file));
        } else {
            try (CloudFormationClient cloudFormation = clients.build(CloudFormationClient.builder())) {
                target = StackTarget.fromStack(cloudFormation, () -> clients.build(LambdaClient.builder()), stack);
            }
        }
        return new Targeted(rest, target, aws, clients);
    }

    /** The handler's output, indented when it is a JSON object; as written otherwise. */
    private static String pretty(String output) {
        try {
            return Json.writePretty(Json.parseObject(output));
        } catch (MalformedEventException notAnObject) {
            return output;
        }
    }

    /** A command-line mistake: reported in one line with exit code {@value #USAGE}. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** {@code -x value} options and positional arguments. */
    private record Options(Map<String, String> values, List<String> positional) {
        static Options parse(List<String> args, List<String> known, int positionalCount) {
            Map<String, String> values = new java.util.LinkedHashMap<>();
            List<String> positional = new java.util.ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (known.contains(arg)) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException(arg + " needs a value");
                    }
                    values.put(arg, args.get(++i));
                } else if (arg.startsWith("-")) {
                    throw new UsageException("unknown option " + arg + " (see bin/kft --help)");
                } else {
                    positional.add(arg);
                }
            }
            if (positional.size() != positionalCount) {
                throw new UsageException(positionalCount == 0 ? "unexpected argument " + positional.get(0)
                        : "expected " + positionalCount + " argument(s), got " + positional + " (see bin/kft --help)");
            }
            return new Options(values, positional);
        }

        boolean has(String option) {
            return values.containsKey(option);
        }

        String value(String option, String fallback) {
            return values.getOrDefault(option, fallback);
        }

        String required(String option) {
            if (!values.containsKey(option)) {
                throw new UsageException(option + " is required (see bin/kft --help)");
            }
            return values.get(option);
        }
    }
}
