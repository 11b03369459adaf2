// The questions of `npm run bench:quality`, written by hand for the documents in corpus/ as a
// user would ask them: in other words than the passage that answers, which is named by a phrase
// it contains (whitespace aside). A result answers when its text contains that phrase.
//
// Every third question (the 3rd, 6th, 9th… below) is held back: the offline search was tuned on
// the others only, and the held-back figures are reported apart. The split was fixed before any
// figure was measured; questions are never moved between the two sets.

export interface Question {
  /** The file in corpus/ that answers. */
  document: string;
  question: string;
  /** A phrase of the passage that answers. */
  answer: string;
}

const NINJA = 'ninja-manual.html';
const ZLIB = 'zlib-usage-example.html';
const TRIGGERS = 'dpkg-triggers.txt';

const QUESTIONS: Question[] = [
  // The Ninja manual.
  {
    document: NINJA,
    question:
      'How long did the older tooling wait before doing anything after one edit in the huge browser codebase?',
    answer: 'ten seconds to start building',
  },
  {
    document: NINJA,
    question: 'What programming analogy does the author use for the role of this tool?',
    answer: 'Ninja aims to be an assembler',
  },
  {
    document: NINJA,
    question: 'Who should decide whether to produce an optimised or a debugging binary?',
    answer: 'belong in the .ninja file generator',
  },
  {
    document: NINJA,
    question: 'Out of the box, can it turn my .c sources into objects without me describing how?',
    answer: 'Ninja has no rules for',
  },
  {
    document: NINJA,
    question: 'If I never say how many tasks to run at once, how many happen simultaneously?',
    answer: 'based by default on the number of CPUs your system has',
  },
  {
    document: NINJA,
    question: 'Why do messages from compilers running side by side not get jumbled together?',
    answer: 'Command output is always buffered',
  },
  {
    document: NINJA,
    question: 'On which operating system is it fastest and most tried?',
    answer: 'has the best performance there',
  },
  {
    document: NINJA,
    question: 'Which generator does Google use for its web browser and for Fuchsia?',
    answer: 'as well as Google Fuchsia',
  },
  {
    document: NINJA,
    question:
      'Is there a shorthand to make whatever object comes from one particular C file, by naming that file?',
    answer: 'foo.c^ then foo.o will get built',
  },
  {
    document: NINJA,
    question: 'Which shell setting changes the counter text displayed ahead of each step?',
    answer: 'NINJA_STATUS, the progress status printed before the rule being run',
  },
  {
    document: NINJA,
    question: 'In that counter template, which code shows the jobs not launched yet?',
    answer: 'The number of remaining edges to start',
  },
  {
    document: NINJA,
    question:
      'Is there a point-and-click way to explore what depends on what, and does it need anything extra installed?',
    answer: 'This feature requires a Python installation',
  },
  {
    document: NINJA,
    question: 'How can I get a diagram of the project drawn as a picture?',
    answer: 'a automatic graph layout tool',
  },
  {
    document: NINJA,
    question:
      'Which subcommand deletes stale outputs whose statements I dropped from the manifest?',
    answer: 'produced by previous builds that are no longer in the',
  },
  {
    document: NINJA,
    question:
      "My editor's code intelligence wants a compile_commands file listing each compiler call: can it export one?",
    answer: 'compilation database in the JSON format',
  },
  {
    document: NINJA,
    question:
      'Which helper finds targets that use a generated file without a proper ordering to whatever generates it?',
    answer: 'may cause build flakiness on clean builds',
  },
  {
    document: NINJA,
    question: 'Once I assign a name, can I give it another value later on?',
    answer: 'cannot be changed, only shadowed',
  },
  {
    document: NINJA,
    question: 'How do I give a deeply nested output a short nickname to type?',
    answer: 'can be used to create aliases for other',
  },
  {
    document: NINJA,
    question: 'If I run it with no arguments at all, which files does it produce?',
    answer: 'every output that is not named as an input elsewhere',
  },
  {
    document: NINJA,
    question: 'Where is the record of past command lines kept, and can I move it somewhere else?',
    answer: 'If you provide a variable named builddir in the outermost scope',
  },
  {
    document: NINJA,
    question: 'How can a generated file refuse to be processed by an older release of the program?',
    answer: 'asserts the minimum Ninja version',
  },
  {
    document: NINJA,
    question: 'Which compiler switches make GCC write down the included files, and where to?',
    answer: 'The -MD flag to gcc tells it to output header dependencies',
  },
  {
    document: NINJA,
    question:
      'With a slow filesystem, how can it avoid reading lots of little .d files every time it launches?',
    answer: 'save a compacted form of the same information',
  },
  {
    document: NINJA,
    question: 'How can I throttle the costly linking steps so only a few happen concurrently?',
    answer: 'restrict a particular expensive rule',
  },
  {
    document: NINJA,
    question:
      'I want an interactive job to read my keyboard and print to my terminal directly; how?',
    answer: 'direct access to the standard input, output and error streams',
  },
  {
    document: NINJA,
    question: 'How do I put a blank inside a file name on a statement line?',
    answer: 'only necessary in lists of paths',
  },
  {
    document: NINJA,
    question:
      "The linker's argument list exceeds what Windows accepts; how do I hand the objects over in a file?",
    answer: 'maximal length of a command line is limited',
  },
  {
    document: NINJA,
    question: 'Can I chain two programs with && in a rule, and what about on Microsoft systems?',
    answer: 'prefixing the command with cmd /c',
  },
  {
    document: NINJA,
    question:
      'How do I make a generated header exist before compiling, without recompiling whenever it is touched?',
    answer: 'dependencies alone do not cause the output to be rebuilt',
  },
  {
    document: NINJA,
    question:
      'If I call one file /home/me/a.c in one place and a.c in another, are they recognised as one?',
    answer: 'pointing to the same file, are considered different',
  },
  {
    document: NINJA,
    question: 'I want lint checks to run alongside the compile without delaying it; what feature?',
    answer: 'would slow down the critical path of the build',
  },
  {
    document: NINJA,
    question:
      'Some sources emit module files other sources consume; how is that ordering found before either compiles?',
    answer: 'foo.mod as an implicit output',
  },

  // zlib's usage example.
  {
    document: ZLIB,
    question: 'How big should my read and write chunks be for efficiency, memory permitting?',
    answer: 'on the order of 128K or 256K bytes',
  },
  {
    document: ZLIB,
    question: 'How many bytes of framing does the format add in front of and after the data?',
    answer: 'header of only two bytes',
  },
  {
    document: ZLIB,
    question: 'If I pick the lowest setting, is the output just a plain copy of my data?',
    answer: 'does no compression at all, and in fact expands the data slightly',
  },
  {
    document: ZLIB,
    question: 'What does the standard trade-off between speed and size correspond to numerically?',
    answer: 'is equivalent to level 6',
  },
  {
    document: ZLIB,
    question: 'How much RAM does setting up the compressor reserve for itself?',
    answer: 'will allocate on the order of 256K bytes for the internal state',
  },
  {
    document: ZLIB,
    question:
      'Why not notice the end of the input by a read returning fewer bytes than were asked for?',
    answer: 'an exact multiple of CHUNK',
  },
  {
    document: ZLIB,
    question:
      'When a call reports it could make no progress at all, should my program treat that as a failure?',
    answer: 'this is not a problem at all',
  },
  {
    document: ZLIB,
    question: 'Why does the sample code ignore what the compressing call returns?',
    answer: 'can do no wrong here',
  },
  {
    document: ZLIB,
    question:
      'Why does the program need a special hack for its standard streams on DOS-like systems?',
    answer: 'convert the end-of-line characters from one standard',
  },
  {
    document: ZLIB,
    question:
      'The stream was made with priming data that I do not have; what does the example report?',
    answer: 'Z_NEED_DICT indication is converted',
  },
  {
    document: ZLIB,
    question: 'Why can the decoding side run out of memory midway, unlike the encoding side?',
    answer: 'memory allocation is deferred until inflate()',
  },
  {
    document: ZLIB,
    question: 'What option makes the sample utility do the reverse operation?',
    answer: 'decompression pipe if zpipe -d is used',
  },
  {
    document: ZLIB,
    question: 'Is it safe to keep many sessions going concurrently in one program?',
    answer: 'multiple, independent zlib streams',
  },

  // The dpkg triggers specification.
  {
    document: TRIGGERS,
    question: 'What is the point of this mechanism between installed components?',
    answer: 'of interest to another package to be recorded and aggregated',
  },
  {
    document: TRIGGERS,
    question: 'Can I use it to react to things happening while the system runs normally?',
    answer: 'not events that occur in general operation',
  },
  {
    document: TRIGGERS,
    question: 'If something fires it twice, is the work done twice?',
    answer: 'Repeated activation of the same',
  },
  {
    document: TRIGGERS,
    question: 'Which extra states were added to the possible conditions of a package?',
    answer: 'There are two new dpkg status values',
  },
  {
    document: TRIGGERS,
    question: 'With what arguments does the maintainer script get called when work is due?',
    answer: 'by passing a space-separated list of',
  },
  {
    document: TRIGGERS,
    question: 'What happens when the handler exits with an error: is it retried by itself?',
    answer: 'will not be attempted again until explicitly requested',
  },
  {
    document: TRIGGERS,
    question: 'Is it fine if running the handler repeatedly gives different results?',
    answer: 'Trigger processing should be idempotent',
  },
  {
    document: TRIGGERS,
    question: 'Can I rely on a particular sequence in which the hooks are executed?',
    answer: 'It is not defined in what order',
  },
  {
    document: TRIGGERS,
    question: 'What if two packages keep setting each other off forever?',
    answer: 'Cycles in the triggering graph are prohibited',
  },
  {
    document: TRIGGERS,
    question: 'Any advice on picking a unique identifier for an event fired by hand?',
    answer: 'good to include a relevant package name',
  },
  {
    document: TRIGGERS,
    question: 'Can I count on this to notice whenever an admin edits a settings file by hand?',
    answer: 'not a general mechanism for filesystem monitoring',
  },
  {
    document: TRIGGERS,
    question:
      'If a folder is reached through a symbolic link, does watching its real location still catch changes?',
    answer: 'not against the truename of the file',
  },
  {
    document: TRIGGERS,
    question: 'The folder I want to watch has blanks and accented letters in its name: allowed?',
    answer: 'whose name contains whitespace',
  },
  {
    document: TRIGGERS,
    question: 'How can the package that fires the event avoid being held back until it is handled?',
    answer: '--no-await',
  },
  {
    document: TRIGGERS,
    question: 'How should higher-level front-ends deal with packages stuck in the two new states?',
    answer: 'the remedy is to run dpkg --configure',
  },
  {
    document: TRIGGERS,
    question: "Must my software keep working while the deferred work hasn't happened yet?",
    answer: 'DO NOT BREAK just because',
  },
  {
    document: TRIGGERS,
    question: 'Where does the system keep the list of watched paths and who is watching them?',
    answer: 'lists all of the filename',
  },
  {
    document: TRIGGERS,
    question: 'How do concurrent processes avoid clobbering the records of activations?',
    answer: 'Lock is the fcntl lockfile',
  },
  {
    document: TRIGGERS,
    question:
      'When a machine is upgraded to a version with this feature, what happens the first time it runs?',
    answer: 'activate all triggers in which anyone is interested',
  },
  {
    document: TRIGGERS,
    question:
      'In the worked example, how often does the help indexer rebuild its database once it declares its interest?',
    answer: 'dpkg will arrange that this is run once at the end of each run',
  },
];

/** Each question with the set it is in: every third is held back from tuning. */
export const questions = QUESTIONS.map((question, i) => ({
  ...question,
  heldBack: i % 3 === 2,
}));
