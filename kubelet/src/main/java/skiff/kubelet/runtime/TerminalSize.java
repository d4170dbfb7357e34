package skiff.kubelet.runtime;

/** A terminal's size in character cells, as kubectl sends it on the resize channel. */
public record TerminalSize(int width, int height) {}
