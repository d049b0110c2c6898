package dev.daemonset.operator.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints what went wrong as one line ("Error: ..."), with the cause chain, and exits 1. The stack
 * trace is only useful to us, so it goes to the debug log instead of the user's terminal.
 */
final class ErrorMessageHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        StringBuilder message = new StringBuilder("Error: ").append(describe(e));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            String text = describe(cause);
            if (message.indexOf(text) < 0) {
                message.append(": ").append(text);
            }
        }
        commandLine.getErr().println(commandLine.getColorScheme().errorText(message.toString()));
        org.slf4j.LoggerFactory.getLogger(ErrorMessageHandler.class).debug("command failed", e);
        return commandLine.getExitCodeExceptionMapper() != null
                ? commandLine.getExitCodeExceptionMapper().getExitCode(e)
                : commandLine.getCommandSpec().exitCodeOnExecutionException();
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
