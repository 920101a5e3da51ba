using Backprop.Cli;

return CliApp.Run(args);
