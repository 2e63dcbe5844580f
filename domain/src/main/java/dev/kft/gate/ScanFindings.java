package dev.kft.gate;

import java.util.List;

/** The findings list of an image's latest scan, every page of it, basic and enhanced findings alike. */
public interface ScanFindings {
    List<Finding> findingsOf(String repository, String digest);
}
