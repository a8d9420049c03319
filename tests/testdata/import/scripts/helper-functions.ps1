# A script that wraps the cmdlet in a function: mfsim does not run functions, and says so.
function New-AreaRule {
    param([string]$Name, [int]$Scl)
    New-TransportRule -Name $Name -SetSCL $Scl
}
New-AreaRule -Name 'Area 1 - UCE' -Scl 5
