from events.cli import main

raise SystemExit(main())
