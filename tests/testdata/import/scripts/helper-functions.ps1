# A script that wraps the cmdlet in a function: each call runs the body with its arguments.
function New-AreaRule {
    param([string]$Name, [int]$Scl)
    New-TransportRule -Name $Name -SetSCL $Scl
}
New-AreaRule -Name 'Area 1 - UCE' -Scl 5
