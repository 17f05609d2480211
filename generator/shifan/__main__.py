from shifan.cli import main

raise SystemExit(main())
