package dev.kft.gate;

/** What the scan gate does with one image. */
public enum GateAction {
    /** Clean: the build's deploy tags are added. */
    PROMOTE,
    /** Clean with promotion off: the verdict is recorded, the tags were pushed by the build. */
    RECORD,
    /** Dirty: the image keeps only its commit tag. */
    FLAG,
    /** Dirty: the image is deleted. */
    DELETE
}
