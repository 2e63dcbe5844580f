package dev.kft.core;

/** What the scan gate concluded about an image: the one vocabulary the gate, the ledger and the deploy policy share. */
public enum ScanVerdict {
    /** Nothing at or above the threshold that the allowlist does not cover. */
    CLEAN,
    /** At least one blocking finding. */
    DIRTY,
    /** The scanner could not scan the image. */
    UNSCANNED
}
