/* Last on the page, after the scripts that GeoStory.mount may call. */
GeoStory.mountAll();
