console.log("maillage:navigation");   // the first mark of the page, stamped with wall time in Chromium's log (tests)
